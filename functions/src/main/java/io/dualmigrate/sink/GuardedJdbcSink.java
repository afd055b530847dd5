package io.dualmigrate.sink;

import io.dualmigrate.source.ChangeEvent;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes change events into NEW with version-guarded upserts and tombstones.
 *
 * <p>At-least-once: every buffered row is written before a checkpoint completes, and after a
 * failure the job replays from the last checkpoint; the version guard in SQL turns those replays
 * into no-ops, so NEW ends exactly as if each change were applied once. Rows are batched and
 * flushed by size, by interval and at checkpoints. A row NEW rejects goes to the dead-letter table
 * (or stops the job with {@code on-error: fail}); connection errors are retried, then fail the job
 * over.
 *
 * <pre>{@code
 * stream.sinkTo(new GuardedJdbcSink(settings)).name("NEW: version-guarded upsert").uid("new-guarded-sink");
 * }</pre>
 */
public class GuardedJdbcSink implements Sink<ChangeEvent> {

    private static final long serialVersionUID = 1L;

    private final SinkSettings settings;

    public GuardedJdbcSink(SinkSettings settings) {
        if (settings.tables.isEmpty()) {
            throw new IllegalArgumentException("the sink needs at least one table");
        }
        this.settings = settings;
    }

    @Override
    @Deprecated
    public SinkWriter<ChangeEvent> createWriter(InitContext context) throws IOException {
        return new GuardedJdbcWriter(
                settings,
                context.getProcessingTimeService(),
                context.metricGroup(),
                context.getSubtaskId());
    }

    @Override
    public SinkWriter<ChangeEvent> createWriter(WriterInitContext context) throws IOException {
        return new GuardedJdbcWriter(
                settings,
                context.getProcessingTimeService(),
                context.metricGroup(),
                context.getTaskInfo().getIndexOfThisSubtask());
    }
}
