package io.dualmigrate.shadow;

/**
 * What a shadow-read pair shows about NEW, from {@code /work/shared/DESIGN.md}: the outcome of one
 * request.
 *
 * <p>Only categories that a write still in flight can explain are re-read for confirmation; of
 * those, a difference that is gone on re-read becomes {@link #REPLICATION_LAG}, which does not
 * count against the match rate.
 */
public enum Category {
    MATCH,
    MISSING_IN_NEW,
    UNEXPECTED_IN_NEW,
    STALE_IN_NEW,
    AHEAD_IN_NEW,
    VALUE_MISMATCH,
    READ_ERROR,
    UNPAIRED,
    REPLICATION_LAG;

    /** True for differences in the data that a replication delay can explain. */
    public boolean confirmable() {
        return this == MISSING_IN_NEW
                || this == UNEXPECTED_IN_NEW
                || this == STALE_IN_NEW
                || this == AHEAD_IN_NEW
                || this == VALUE_MISMATCH;
    }

    /** True when both sides arrived (everything but {@link #UNPAIRED}). */
    public boolean paired() {
        return this != UNPAIRED;
    }
}
