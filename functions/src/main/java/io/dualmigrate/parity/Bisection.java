package io.dualmigrate.parity;

/**
 * What to do with a key range once both databases summed it up: nothing (same count and checksum),
 * compare its rows (small enough, or the method needs it), or split it and sum up the parts.
 */
public final class Bisection {

    /** The next step for a range. */
    public enum Step {
        SAME,
        COMPARE_ROWS,
        SPLIT
    }

    private Bisection() {}

    public static Step next(RangeSummary old, RangeSummary neu, int leafRows) {
        if (old.equals(neu)) {
            return Step.SAME;
        }
        return Math.max(old.rows(), neu.rows()) <= leafRows ? Step.COMPARE_ROWS : Step.SPLIT;
    }

    /**
     * Every how many rows of a range of {@code rows} rows to cut it into {@code factor} parts; at
     * least 1.
     */
    public static long splitStep(long rows, int factor) {
        return Math.max(1, (rows + factor - 1) / factor);
    }
}
