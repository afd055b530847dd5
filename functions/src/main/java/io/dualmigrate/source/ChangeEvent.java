package io.dualmigrate.source;

import java.util.Arrays;

/**
 * One row change read from OLD: a snapshot row or a streamed insert, update or delete.
 *
 * <p>Values travel as PostgreSQL text literals ({@code null} for SQL NULL), so no type loses
 * precision on its way to NEW. A Flink POJO: serialized without Kryo.
 */
public class ChangeEvent {

    /** Source table, {@code schema.table}. */
    public String table;

    /** Primary key values, encoded so that distinct keys never collide. */
    public String key;

    /** Version, comparable among changes of the same key. */
    public long version;

    /** True for a delete: the event carries the key columns only. */
    public boolean delete;

    /** True for a row read by the snapshot (backfill) rather than the change stream. */
    public boolean snapshot;

    /** Commit time in OLD (epoch millis); the read time for snapshot rows. */
    public long commitTimeMs;

    /** Column names, in OLD's order. */
    public String[] columns;

    /** Values as text literals, aligned with {@link #columns}. */
    public String[] values;

    /**
     * Why this event cannot be written as it is (e.g. an unchanged TOASTed value that could not be
     * filled in), or null. Such events go to the dead-letter table.
     */
    public String invalidReason;

    public ChangeEvent() {}

    /** The key by which the job partitions and guards changes: table and primary key. */
    public String partitionKey() {
        return table + '|' + key;
    }

    /** Value of a column, or null when the column is absent or NULL. */
    public String value(String column) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(column)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return (delete ? "DELETE " : snapshot ? "SNAPSHOT " : "UPSERT ")
                + table
                + " key="
                + key
                + " v="
                + version;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChangeEvent)) {
            return false;
        }
        ChangeEvent e = (ChangeEvent) o;
        return version == e.version
                && delete == e.delete
                && snapshot == e.snapshot
                && commitTimeMs == e.commitTimeMs
                && java.util.Objects.equals(table, e.table)
                && java.util.Objects.equals(key, e.key)
                && Arrays.equals(columns, e.columns)
                && Arrays.equals(values, e.values)
                && java.util.Objects.equals(invalidReason, e.invalidReason);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, key, version, delete);
    }
}
