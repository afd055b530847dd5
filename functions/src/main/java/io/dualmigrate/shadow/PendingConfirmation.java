package io.dualmigrate.shadow;

/**
 * A differing pair on its way to be re-read: the redacted outcome plus the key in clear, which the
 * re-read queries need and which never goes further than the re-read function.
 */
public class PendingConfirmation {

    public ShadowOutcome outcome;

    /** The key as canonical JSON, not redacted: the parameters of the re-read queries. */
    public String key;

    public PendingConfirmation() {}

    public PendingConfirmation(ShadowOutcome outcome, String key) {
        this.outcome = outcome;
        this.key = key;
    }
}
