package io.dualmigrate.sink;

import io.dualmigrate.source.ChangeEvent;
import java.util.Arrays;

/**
 * One NEW table as the writer uses it on its hot path: the guarded statements built once, and where
 * each written column's value sits in an event, resolved once per column layout.
 */
final class TableBinding {

    final TargetTable table;
    final String upsertSql;
    final String tombstoneSql;

    private String[] layout;
    private int[] positions;

    TableBinding(TargetTable table) {
        this.table = table;
        this.upsertSql = GuardedSql.upsert(table);
        this.tombstoneSql = GuardedSql.tombstone(table);
    }

    /**
     * The first OLD column the write needs but the event lacks (all mapped columns for an upsert,
     * the key for a delete), or null.
     */
    String missingColumn(ChangeEvent event) {
        if (!Arrays.equals(layout, event.columns)) {
            resolve(event.columns);
        }
        int needed = event.delete ? table.keyCount : positions.length;
        for (int i = 0; i < needed; i++) {
            if (positions[i] < 0 && !table.columns.get(i).isConstant()) {
                return table.columns.get(i).sourceColumn;
            }
        }
        return null;
    }

    /**
     * The text value of one of {@link TargetTable#columns} for this event: the constant or the OLD
     * column's value. The writer checks {@link #missingColumn} first.
     */
    String value(ChangeEvent event, int column) {
        TargetColumn target = table.columns.get(column);
        if (target.isConstant()) {
            return target.constant;
        }
        if (!Arrays.equals(layout, event.columns)) {
            resolve(event.columns);
        }
        return event.values[positions[column]];
    }

    private void resolve(String[] columns) {
        positions = new int[table.columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = indexOf(columns, table.columns.get(i).sourceColumn);
        }
        layout = columns;
    }

    private static int indexOf(String[] columns, String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
