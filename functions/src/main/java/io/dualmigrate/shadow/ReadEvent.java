package io.dualmigrate.shadow;

/**
 * One read-log record as it leaves the Kafka source: one side of a request, both sides, or a record
 * that could not be read ({@link #problem} set).
 *
 * <p>The raw bytes travel with the event so that a malformed, late or duplicate event reaches the
 * dead-letter topic as it was written; they are never kept in state.
 */
public class ReadEvent {

    public String requestId;
    public String entity;

    /** The key as canonical JSON (fields sorted). */
    public String key;

    /** Epoch milliseconds. */
    public long eventTime;

    /** OLD's answer; null when this event carries only NEW's. */
    public SideRead oldSide;

    /** NEW's answer; null when this event carries only OLD's. */
    public SideRead newSide;

    /** Why the record is malformed; null for a good event. */
    public String problem;

    public byte[] raw;
    public String topic;
    public int partition;
    public long offset;

    public ReadEvent() {}

    /** True when this one event holds both answers. */
    public boolean combined() {
        return oldSide != null && newSide != null;
    }
}
