package io.dualmigrate.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A half-open range of primary keys of one table, {@code lower <= key < upper} in the key's own
 * order; a null bound is unbounded. Bounds are the key columns' PostgreSQL text.
 *
 * <p>A Flink POJO (public fields, no-argument constructor, arrays of strings), so it travels
 * without Kryo.
 */
public final class KeyRange {

    public int table;
    public int index;
    public String[] lower;
    public String[] upper;

    public KeyRange() {}

    public KeyRange(int table, int index, String[] lower, String[] upper) {
        this.table = table;
        this.index = index;
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * This range cut at {@code points} (ascending, each inside the range): {@code points.size() +
     * 1} adjacent ranges that together cover exactly this one.
     */
    public List<KeyRange> splitAt(List<String[]> points) {
        List<KeyRange> out = new ArrayList<>();
        String[] from = lower;
        for (String[] point : points) {
            if (from != null && Arrays.equals(from, point)) {
                continue;
            }
            out.add(new KeyRange(table, index, from, point));
            from = point;
        }
        out.add(new KeyRange(table, index, from, upper));
        return out;
    }

    @Override
    public String toString() {
        return "table "
                + table
                + " ["
                + (lower == null ? "-inf" : Arrays.toString(lower))
                + ", "
                + (upper == null ? "+inf" : Arrays.toString(upper))
                + ")";
    }
}
