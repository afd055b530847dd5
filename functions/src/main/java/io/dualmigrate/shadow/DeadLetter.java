package io.dualmigrate.shadow;

/**
 * A read-log record the job could not use: malformed, late or duplicate, with the reason and the
 * record's bytes (sensitive fields redacted when the bytes are JSON), so nothing is lost silently.
 */
public class DeadLetter {

    /** {@code malformed}, {@code late} or {@code duplicate}. */
    public String kind;

    public String reason;
    public String requestId;
    public String topic;
    public int partition;
    public long offset;
    public long detectedAt;
    public byte[] raw;

    public DeadLetter() {}

    static DeadLetter of(String kind, String reason, ReadEvent event, Redactor redactor) {
        DeadLetter letter = new DeadLetter();
        letter.kind = kind;
        letter.reason = reason;
        letter.requestId = event.requestId;
        letter.topic = event.topic;
        letter.partition = event.partition;
        letter.offset = event.offset;
        letter.detectedAt = System.currentTimeMillis();
        letter.raw = redactor.redactRaw(event.raw);
        return letter;
    }
}
