package io.dualmigrate.parity;

/**
 * Counts for one table from one step of a run (a compared range, a re-checked difference); the run
 * record adds them up. A Flink POJO.
 */
public final class Tally {

    public int table;
    public long rowsOld;
    public long rowsNew;
    public long rowsCompared;
    public long ranges;
    public long rangesDiffering;
    public long missingInNew;
    public long unexpectedInNew;
    public long staleInNew;
    public long valueMismatch;
    public long transients;
    public long repaired;

    public Tally() {}

    public Tally(int table) {
        this.table = table;
    }

    /** Counts one confirmed difference of {@code kind}. */
    public Tally confirmed(DriftKind kind) {
        switch (kind) {
            case MISSING_IN_NEW -> missingInNew++;
            case UNEXPECTED_IN_NEW -> unexpectedInNew++;
            case STALE_IN_NEW -> staleInNew++;
            case VALUE_MISMATCH -> valueMismatch++;
            default -> throw new IllegalArgumentException(kind + " is not drift");
        }
        return this;
    }

    public void add(Tally other) {
        rowsOld += other.rowsOld;
        rowsNew += other.rowsNew;
        rowsCompared += other.rowsCompared;
        ranges += other.ranges;
        rangesDiffering += other.rangesDiffering;
        missingInNew += other.missingInNew;
        unexpectedInNew += other.unexpectedInNew;
        staleInNew += other.staleInNew;
        valueMismatch += other.valueMismatch;
        transients += other.transients;
        repaired += other.repaired;
    }

    public long drift() {
        return missingInNew + unexpectedInNew + staleInNew + valueMismatch;
    }

    /**
     * Share of keys that match, in percent: 100 × (1 − drifted keys / keys on either side), where
     * the keys are OLD's rows plus NEW's unexpected ones. 100 exactly when nothing drifted.
     */
    public double parityPercent() {
        long drift = drift();
        if (drift == 0) {
            return 100.0;
        }
        long keys = Math.max(rowsOld + unexpectedInNew, drift);
        return 100.0 * (keys - drift) / keys;
    }
}
