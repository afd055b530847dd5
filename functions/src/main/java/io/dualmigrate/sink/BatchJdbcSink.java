package io.dualmigrate.sink;

import io.dualmigrate.config.ConnectionSettings;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends rows to one PostgreSQL table in batches: by size, by interval and at every checkpoint.
 *
 * <p>At-least-once; the table's idempotent insert absorbs replays. Connection errors are retried
 * with a fresh connection, then fail the job over. The job creates the table before it starts
 * ({@link OutputTable#create}), so that parallel writers never race to create it.
 *
 * <pre>{@code
 * stream.sinkTo(new BatchJdbcSink<>(settings, new MismatchTable(...), 500, Duration.ofSeconds(1)))
 * }</pre>
 */
public class BatchJdbcSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final ConnectionSettings database;
    private final OutputTable<T> table;
    private final int batchSize;
    private final long flushIntervalMs;

    public BatchJdbcSink(
            ConnectionSettings database,
            OutputTable<T> table,
            int batchSize,
            Duration flushInterval) {
        if (database == null || table == null || batchSize < 1 || flushInterval.isNegative()) {
            throw new IllegalArgumentException("a database, a table and a positive batch size");
        }
        this.database = database;
        this.table = table;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushInterval.toMillis();
    }

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return new BatchJdbcWriter<>(
                database,
                table,
                batchSize,
                flushIntervalMs,
                context.getProcessingTimeService(),
                context.getSubtaskId());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new BatchJdbcWriter<>(
                database,
                table,
                batchSize,
                flushIntervalMs,
                context.getProcessingTimeService(),
                context.getTaskInfo().getIndexOfThisSubtask());
    }
}
