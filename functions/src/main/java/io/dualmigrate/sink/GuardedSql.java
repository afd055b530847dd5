package io.dualmigrate.sink;

import static io.dualmigrate.config.Sql.quote;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The version-guarded statements for one NEW table.
 *
 * <p>The guard is the same rule the keyed function applies: a write lands only if the row in NEW is
 * absent, unversioned, or older; at equal versions a delete wins over a live row. So a replay after
 * a failure, a repair, or the application writing NEW itself can never move a row back to an older
 * version, and the result is exactly-once although delivery is at-least-once.
 */
public final class GuardedSql {

    private GuardedSql() {}

    /** Upsert of a live row: parameters are the columns in order, then the version. */
    public static String upsert(TargetTable t) {
        String names = t.columns.stream().map(c -> quote(c.name)).collect(Collectors.joining(", "));
        return "INSERT INTO "
                + t.target.quoted()
                + " AS tgt ("
                + names
                + ", "
                + quote(t.versionColumn)
                + ", "
                + quote(t.deletedColumn)
                + ") VALUES ("
                + params(t.columns.size())
                + ", ?, false)"
                + onConflictUpdate(t);
    }

    /**
     * The guard of a live-row upsert, for any {@code INSERT INTO <target> AS tgt (columns, version,
     * deleted) …}: on a key conflict, take the new values only if NEW's row is unversioned or
     * older.
     */
    public static String onConflictUpdate(TargetTable t) {
        String v = quote(t.versionColumn);
        String d = quote(t.deletedColumn);
        String updates =
                t.columns.subList(t.keyCount, t.columns.size()).stream()
                        .map(c -> quote(c.name) + " = EXCLUDED." + quote(c.name))
                        .collect(Collectors.joining(", "));
        return " ON CONFLICT ("
                + keyNames(t)
                + ") DO UPDATE SET "
                + (updates.isEmpty() ? "" : updates + ", ")
                + v
                + " = EXCLUDED."
                + v
                + ", "
                + d
                + " = false WHERE tgt."
                + v
                + " IS NULL OR tgt."
                + v
                + " < EXCLUDED."
                + v;
    }

    /**
     * Tombstone for a deleted key. Parameters: the key columns, then the version (twice for the
     * update-only form).
     */
    public static String tombstone(TargetTable t) {
        String v = quote(t.versionColumn);
        String d = quote(t.deletedColumn);
        List<TargetColumn> keys = t.keyColumns();
        if (t.tombstoneInsert) {
            return "INSERT INTO "
                    + t.target.quoted()
                    + " AS tgt ("
                    + keyNames(t)
                    + ", "
                    + v
                    + ", "
                    + d
                    + ") VALUES ("
                    + params(keys.size())
                    + ", ?, true) ON CONFLICT ("
                    + keyNames(t)
                    + ") DO UPDATE SET "
                    + v
                    + " = EXCLUDED."
                    + v
                    + ", "
                    + d
                    + " = true WHERE tgt."
                    + v
                    + " IS NULL OR tgt."
                    + v
                    + " < EXCLUDED."
                    + v
                    + " OR (tgt."
                    + v
                    + " = EXCLUDED."
                    + v
                    + " AND NOT tgt."
                    + d
                    + ")";
        }
        return "UPDATE "
                + t.target.quoted()
                + " AS tgt SET "
                + v
                + " = ?, "
                + d
                + " = true WHERE "
                + keys.stream()
                        .map(c -> "tgt." + quote(c.name) + " = ?")
                        .collect(Collectors.joining(" AND "))
                + " AND (tgt."
                + v
                + " IS NULL OR tgt."
                + v
                + " < ? OR (tgt."
                + v
                + " = ? AND NOT tgt."
                + d
                + "))";
    }

    private static String keyNames(TargetTable t) {
        return t.keyColumns().stream().map(c -> quote(c.name)).collect(Collectors.joining(", "));
    }

    /**
     * Bare parameters: sent untyped, PostgreSQL reads each text value with the NEW column's own
     * input function and typmod, so a value too long for {@code varchar(3)} is rejected instead of
     * being truncated as an explicit CAST would do.
     */
    private static String params(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
