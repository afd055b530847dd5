package io.dualmigrate.state;

/**
 * The one ordering rule of the replication job: is an incoming change newer than what a key already
 * holds?
 *
 * <p>Changes are ordered by version. At equal versions a delete outranks an upsert, because in
 * version-column mode a delete carries the version of the row it removed: the tombstone must win
 * over that row, and a re-insert must bring a higher version to win over the tombstone. The SQL
 * guard in the target repeats exactly this rule, so both lines of defence agree.
 */
public final class VersionOrder {

    /** Outcome of comparing an incoming change with the state of its key. */
    public enum Verdict {
        /** Newer than the state: apply it. */
        APPLY,
        /** Same version and kind as the state: a replay or duplicate delivery. */
        DUPLICATE,
        /** Older than the state: a late or out-of-order delivery. */
        STALE
    }

    private VersionOrder() {}

    public static Verdict compare(KeyVersionState current, long version, boolean delete) {
        if (current == null) {
            return Verdict.APPLY;
        }
        if (version > current.version) {
            return Verdict.APPLY;
        }
        if (version < current.version) {
            return Verdict.STALE;
        }
        if (delete == current.deleted) {
            return Verdict.DUPLICATE;
        }
        return delete ? Verdict.APPLY : Verdict.STALE;
    }
}
