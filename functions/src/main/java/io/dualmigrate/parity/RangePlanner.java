package io.dualmigrate.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a table's key space into ranges of about {@code rangeRows} rows from a sorted sample of its
 * keys.
 *
 * <p>The sample (a few percent of the table's pages, {@code TABLESAMPLE SYSTEM}) costs a fraction
 * of a scan; its quantiles are the range bounds. The first range has no lower bound and the last no
 * upper bound, so keys outside the sample (and rows NEW holds that OLD lacks) are covered too. An
 * uneven cut only makes some ranges bigger; it never loses a key.
 */
public final class RangePlanner {

    private RangePlanner() {}

    /** How many sampled keys the planner wants per range, so that the quantiles are stable. */
    public static final int SAMPLES_PER_RANGE = 20;

    /**
     * The sampling percentage ({@code TABLESAMPLE SYSTEM (p)}) that yields about {@code
     * SAMPLES_PER_RANGE} keys per range of a table of {@code estimatedRows} rows: between 0.01 and
     * 100.
     */
    public static double samplePercent(long estimatedRows, int rangeRows) {
        if (estimatedRows <= 0) {
            return 100;
        }
        double ranges = Math.max(1.0, (double) estimatedRows / rangeRows);
        double wanted = ranges * SAMPLES_PER_RANGE;
        return Math.max(0.01, Math.min(100.0, 100.0 * wanted / estimatedRows));
    }

    /**
     * The ranges of table {@code table}.
     *
     * @param sortedSample sampled keys in ascending key order (duplicates allowed)
     * @param sampledFraction the fraction of the table the sample stands for (0..1]
     */
    public static List<KeyRange> plan(
            int table, List<String[]> sortedSample, double sampledFraction, int rangeRows) {
        double keysPerRange = Math.max(1.0, rangeRows * sampledFraction);
        List<String[]> bounds = new ArrayList<>();
        double next = keysPerRange;
        for (int i = 0; i < sortedSample.size(); i++) {
            if (i + 1 >= next) {
                String[] key = sortedSample.get(i);
                if (bounds.isEmpty() || !Arrays.equals(bounds.get(bounds.size() - 1), key)) {
                    bounds.add(key);
                }
                next += keysPerRange;
            }
        }
        List<KeyRange> out = new ArrayList<>();
        String[] from = null;
        for (String[] bound : bounds) {
            out.add(new KeyRange(table, out.size(), from, bound));
            from = bound;
        }
        out.add(new KeyRange(table, out.size(), from, null));
        return out;
    }
}
