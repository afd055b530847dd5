package io.dualmigrate.parity;

import java.util.Arrays;

/**
 * The decision after re-reading a differing key: is the difference confirmed drift, gone
 * (transient), or still moving (read again later)?
 *
 * <p>A difference is confirmed only if it persists and OLD's row did not change in between: then no
 * write to the key was in flight for the whole delay, and the replication, had it been working,
 * would have carried OLD's value by then. If OLD's row changed, the key was written during the run
 * and is read again, up to the configured attempts; a key that keeps changing is reported as
 * transient, not as drift.
 */
public final class Recheck {

    /** What to do with a re-read difference. */
    public enum Outcome {
        CONFIRMED,
        TRANSIENT,
        AGAIN
    }

    private Recheck() {}

    public static Outcome decide(
            String[] oldBefore, RowImage oldNow, Verdict now, int attempt, int maxAttempts) {
        if (!now.kind().isDrift()) {
            return Outcome.TRANSIENT;
        }
        String[] oldValuesNow = oldNow == null ? null : oldNow.values;
        if (Arrays.equals(oldBefore, oldValuesNow)) {
            return Outcome.CONFIRMED;
        }
        return attempt < maxAttempts ? Outcome.AGAIN : Outcome.TRANSIENT;
    }
}
