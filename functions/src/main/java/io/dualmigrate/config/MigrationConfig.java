package io.dualmigrate.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A validated migration file: where OLD and NEW are, how tables map, and how the replication job
 * behaves. Built only by {@link MigrationConfigLoader}, which fails on anything invalid.
 */
public final class MigrationConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;
    public final ConnectionSettings source;
    public final String slotName;
    public final int chunkSize;
    public final int fetchSize;
    public final long snapshotRateLimit;
    public final Duration pollInterval;
    public final ConnectionSettings target;
    public final String versionColumn;
    public final String deletedColumn;
    public final TableId deadLetterTable;
    public final int batchSize;
    public final Duration flushInterval;
    public final int maxRetries;
    public final VersionSource versionSource;
    public final OnError onError;
    public final Duration tombstoneTtl;
    public final List<TableMapping> tables;
    public final ParitySettings parity;

    MigrationConfig(
            String name,
            ConnectionSettings source,
            String slotName,
            int chunkSize,
            int fetchSize,
            long snapshotRateLimit,
            Duration pollInterval,
            ConnectionSettings target,
            String versionColumn,
            String deletedColumn,
            TableId deadLetterTable,
            int batchSize,
            Duration flushInterval,
            int maxRetries,
            VersionSource versionSource,
            OnError onError,
            Duration tombstoneTtl,
            List<TableMapping> tables,
            ParitySettings parity) {
        this.name = name;
        this.source = source;
        this.slotName = slotName;
        this.chunkSize = chunkSize;
        this.fetchSize = fetchSize;
        this.snapshotRateLimit = snapshotRateLimit;
        this.pollInterval = pollInterval;
        this.target = target;
        this.versionColumn = versionColumn;
        this.deletedColumn = deletedColumn;
        this.deadLetterTable = deadLetterTable;
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
        this.maxRetries = maxRetries;
        this.versionSource = versionSource;
        this.onError = onError;
        this.tombstoneTtl = tombstoneTtl;
        this.tables = List.copyOf(tables);
        this.parity = parity;
    }
}
