package io.dualmigrate.parity;

/**
 * The version a repair writes into NEW, so that the version guard lets it in exactly when it
 * should.
 *
 * <p>In version-column mode the repair carries OLD's own version: a stale row is replaced, a newer
 * one never is, and a repair of a value that differs at an equal version is refused by the guard
 * (NEW got that version from somewhere else; parity reports it, unrepaired). In LSN mode OLD's rows
 * have no readable version, so the repair is ordered just after what NEW holds: NEW's version + 1
 * for a row (any change the replication still carries, with its real WAL position, wins over it),
 * and NEW's version itself for a tombstone (at equal versions a delete wins).
 */
public final class RepairVersion {

    private RepairVersion() {}

    /** The version of the upsert that writes OLD's row {@code old} over NEW's {@code neu}. */
    public static long upsert(boolean versioned, RowImage old, RowImage neu) {
        if (versioned && old.version != null) {
            return old.version;
        }
        return newVersion(neu) + 1;
    }

    /** The version of the tombstone for a key OLD no longer holds and NEW holds live. */
    public static long tombstone(RowImage neu) {
        return newVersion(neu);
    }

    private static long newVersion(RowImage neu) {
        return neu == null || neu.version == null ? 0 : neu.version;
    }
}
