package io.dualmigrate.parity;

/**
 * How a row of OLD and its row in NEW compare: the mismatch categories that shadow reads and parity
 * share (docs/parity.md).
 */
public enum DriftKind {
    /** Same values (or absent, or deleted, on both sides). */
    MATCH,
    /** Live in OLD; absent or a tombstone in NEW. */
    MISSING_IN_NEW,
    /** Absent in OLD (never there, or deleted) but live in NEW. */
    UNEXPECTED_IN_NEW,
    /** Values differ and NEW holds an older version than OLD (version-column mode only). */
    STALE_IN_NEW,
    /**
     * NEW holds a newer version than OLD had when it was read: a write in flight, not drift
     * (version-column mode only).
     */
    AHEAD_IN_NEW,
    /** Values differ (at equal versions, or in LSN mode, where OLD has no version to compare). */
    VALUE_MISMATCH;

    /** Whether this kind is drift once it persists; MATCH and AHEAD_IN_NEW never are. */
    public boolean isDrift() {
        return this != MATCH && this != AHEAD_IN_NEW;
    }

    /** The drift kinds, in report order. */
    public static final DriftKind[] DRIFT = {
        MISSING_IN_NEW, UNEXPECTED_IN_NEW, STALE_IN_NEW, VALUE_MISMATCH
    };
}
