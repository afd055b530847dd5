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

    /** Rows per page the sampling assumes at most; wider rows only make the sample larger. */
    static final int ROWS_PER_PAGE = 100;

    /** How many ranges of {@code rangeRows} a table of {@code estimatedRows} rows needs. */
    public static int rangesWanted(long estimatedRows, int rangeRows) {
        return (int)
                Math.max(1, Math.min(Integer.MAX_VALUE, estimatedRows / Math.max(1, rangeRows)));
    }

    /**
     * The share of pages ({@code TABLESAMPLE SYSTEM (p)}) that yields about {@code
     * SAMPLES_PER_RANGE} sampled pages per range of a table of {@code estimatedRows} rows: between
     * 0.01 and 100 percent.
     */
    public static double samplePercent(long estimatedRows, int rangeRows) {
        if (estimatedRows <= 0) {
            return 100;
        }
        double pages = Math.max(1.0, (double) estimatedRows / ROWS_PER_PAGE);
        double wanted = (double) rangesWanted(estimatedRows, rangeRows) * SAMPLES_PER_RANGE;
        return Math.max(0.01, Math.min(100.0, 100.0 * wanted / pages));
    }

    /**
     * The ranges of table {@code table}: {@code ranges} of them (fewer when the sample is small),
     * cut at the sample's quantiles.
     *
     * @param sortedSample sampled keys in ascending key order (duplicates allowed)
     */
    public static List<KeyRange> plan(int table, List<String[]> sortedSample, int ranges) {
        double step = Math.max(1.0, (double) sortedSample.size() / Math.max(1, ranges));
        List<String[]> bounds = new ArrayList<>();
        for (double at = step; at < sortedSample.size() && bounds.size() < ranges - 1; at += step) {
            String[] key = sortedSample.get((int) at);
            if (bounds.isEmpty() || !Arrays.equals(bounds.get(bounds.size() - 1), key)) {
                bounds.add(key);
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
