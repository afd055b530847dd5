package io.dualmigrate.sink;

import io.dualmigrate.config.ConnectionSettings;
import io.dualmigrate.config.OnError;
import io.dualmigrate.config.TableId;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** What the version-guarded sink needs: where NEW is, the tables, batching and error policy. */
public final class SinkSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String migrationName;
    public final ConnectionSettings target;
    public final List<TargetTable> tables;
    public final TableId deadLetterTable;
    public final OnError onError;
    public final int batchSize;
    public final long flushIntervalMs;
    public final int maxRetries;

    public SinkSettings(
            String migrationName,
            ConnectionSettings target,
            List<TargetTable> tables,
            TableId deadLetterTable,
            OnError onError,
            int batchSize,
            Duration flushInterval,
            int maxRetries) {
        this.migrationName = migrationName;
        this.target = target;
        this.tables = List.copyOf(tables);
        this.deadLetterTable = deadLetterTable;
        this.onError = onError;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushInterval.toMillis();
        this.maxRetries = maxRetries;
    }
}
