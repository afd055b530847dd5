package io.dualmigrate.shadow;

/**
 * What one store answered to one request: found or not, the version, the payload as compact JSON,
 * or the error. A POJO: it is the bulk of the pairing state.
 */
public class SideRead {

    public boolean found;

    /** The row's version, when the application logs it; null otherwise. */
    public Long version;

    /** The answer as compact JSON; null when not found or failed. */
    public String payload;

    /** Why the read failed or timed out; null when it did not. */
    public String error;

    public Long latencyMs;

    public SideRead() {}

    public SideRead(boolean found, Long version, String payload, String error, Long latencyMs) {
        this.found = found;
        this.version = version;
        this.payload = payload;
        this.error = error;
        this.latencyMs = latencyMs;
    }
}
