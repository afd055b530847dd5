package io.dualmigrate.sink;

import io.dualmigrate.config.TableId;
import java.io.Serializable;
import java.util.List;

/**
 * Everything the sink needs to write one OLD table into its NEW table, resolved and checked against
 * both databases at start-up.
 */
public final class TargetTable implements Serializable {

    private static final long serialVersionUID = 1L;

    /** OLD table, {@code schema.table}, as change events name it. */
    public final String sourceTable;

    public final TableId target;

    /** Written columns, key columns first. */
    public final List<TargetColumn> columns;

    /** How many of {@link #columns}, from the start, form the primary key. */
    public final int keyCount;

    public final String versionColumn;
    public final String deletedColumn;

    /**
     * Whether a tombstone may be inserted for a key NEW does not hold: false when NEW has NOT NULL
     * columns without defaults that a key-only row cannot fill; such tombstones then live only in
     * the job's state.
     */
    public final boolean tombstoneInsert;

    /** OLD's row estimate at start-up (pg_class.reltuples after ANALYZE), for progress. */
    public final long estimatedRows;

    public TargetTable(
            String sourceTable,
            TableId target,
            List<TargetColumn> columns,
            int keyCount,
            String versionColumn,
            String deletedColumn,
            boolean tombstoneInsert,
            long estimatedRows) {
        this.sourceTable = sourceTable;
        this.target = target;
        this.columns = List.copyOf(columns);
        this.keyCount = keyCount;
        this.versionColumn = versionColumn;
        this.deletedColumn = deletedColumn;
        this.tombstoneInsert = tombstoneInsert;
        this.estimatedRows = estimatedRows;
    }

    public List<TargetColumn> keyColumns() {
        return columns.subList(0, keyCount);
    }
}
