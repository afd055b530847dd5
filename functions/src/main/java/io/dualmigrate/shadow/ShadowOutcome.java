package io.dualmigrate.shadow;

/**
 * The verdict on one request: its category, why, and redacted samples of both answers. Every
 * outcome that is not {@link Category#MATCH} becomes a mismatch record (topic and table); all of
 * them feed the counters and the per-minute summary.
 *
 * <p>Only redacted data enters an outcome: the key and the samples pass the {@link Redactor}, and
 * differences carry paths and causes, never values.
 */
public class ShadowOutcome {

    public String requestId;
    public String entity;

    /** The key as redacted canonical JSON; null for a MATCH, which is never written. */
    public String key;

    public Category category;

    /** The category the read logs showed, before confirmation changed it. */
    public Category initialCategory;

    public Confirmation confirmation;
    public FieldDifference[] differences;

    public Long oldVersion;
    public Long newVersion;
    public String oldError;
    public String newError;

    /** Event time of the request: the earlier of its sides' (epoch ms), see PairingFunction. */
    public long eventTime;

    /** Wall-clock time the pair was classified (epoch ms). */
    public long detectedAt;

    /** Redacted samples of the two payloads (compact JSON, possibly cut short); null for MATCH. */
    public String oldSample;

    public String newSample;

    public ShadowOutcome() {}

    @Override
    public String toString() {
        return requestId + " " + entity + " " + category + " " + confirmation;
    }
}
