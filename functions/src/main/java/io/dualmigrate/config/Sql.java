package io.dualmigrate.config;

/** Quoting of SQL identifiers. */
public final class Sql {

    private Sql() {}

    /** Quotes an identifier so that any name, including reserved words, is safe in SQL. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
