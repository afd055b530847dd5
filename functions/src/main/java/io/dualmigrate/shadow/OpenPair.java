package io.dualmigrate.shadow;

/**
 * The pairing state of one request while it waits for its other side: what arrived and when the
 * wait ends. A POJO of a few small fields plus the payload text, so that state per open request
 * stays close to the size of one answer.
 */
public class OpenPair {

    public String entity;
    public String key;

    /** Event time of the side that arrived first (epoch ms). */
    public long eventTime;

    /** The event-time timer that ends the wait: eventTime + pairing window. */
    public long deadline;

    public SideRead oldSide;
    public SideRead newSide;

    public OpenPair() {}
}
