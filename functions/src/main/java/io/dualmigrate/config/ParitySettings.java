package io.dualmigrate.config;

import java.io.Serializable;
import java.time.Duration;

/** The validated {@code parity:} section of a migration file (see {@link ParityOptions}). */
public final class ParitySettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public final int rangeRows;
    public final int leafRows;
    public final int splitFactor;
    public final Duration recheckDelay;
    public final int recheckAttempts;
    public final long rateLimit;
    public final TableId runTable;
    public final TableId driftTable;
    public final Duration metricsLinger;

    public ParitySettings(
            int rangeRows,
            int leafRows,
            int splitFactor,
            Duration recheckDelay,
            int recheckAttempts,
            long rateLimit,
            TableId runTable,
            TableId driftTable,
            Duration metricsLinger) {
        this.rangeRows = rangeRows;
        this.leafRows = leafRows;
        this.splitFactor = splitFactor;
        this.recheckDelay = recheckDelay;
        this.recheckAttempts = recheckAttempts;
        this.rateLimit = rateLimit;
        this.runTable = runTable;
        this.driftTable = driftTable;
        this.metricsLinger = metricsLinger;
    }
}
