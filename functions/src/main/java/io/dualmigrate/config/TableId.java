package io.dualmigrate.config;

import java.io.Serializable;
import java.util.Objects;

/** A schema-qualified table name, e.g. {@code public.orders}. */
public final class TableId implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String schema;
    private final String table;

    public TableId(String schema, String table) {
        this.schema = Objects.requireNonNull(schema);
        this.table = Objects.requireNonNull(table);
    }

    /** Parses {@code schema.table}, or {@code table} in schema {@code public}. */
    public static TableId parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            return new TableId("public", qualified);
        }
        return new TableId(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    /** Quoted for SQL: {@code "schema"."table"}. */
    public String quoted() {
        return Sql.quote(schema) + "." + Sql.quote(table);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableId
                && schema.equals(((TableId) o).schema)
                && table.equals(((TableId) o).table);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
