package io.dualmigrate.shadow;

/** How far a difference was checked against the stores themselves. */
public enum Confirmation {
    /** Not a difference a replication delay can explain: reported as seen. */
    NONE,
    /** Re-read after the delay and still different. */
    CONFIRMED,
    /** Re-read after the delay and gone: {@link Category#REPLICATION_LAG}. */
    TRANSIENT,
    /** The entity has no re-read query: reported as seen, counted as a mismatch. */
    UNCONFIRMED,
    /** The re-read failed or timed out: reported as seen, counted as a mismatch. */
    REREAD_FAILED
}
