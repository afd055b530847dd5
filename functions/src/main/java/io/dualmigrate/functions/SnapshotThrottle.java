package io.dualmigrate.functions;

import io.dualmigrate.source.ChangeEvent;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * Limits snapshot (backfill) rows to a job-wide rate by blocking, which backpressures the snapshot
 * readers; nothing is dropped. Streamed changes pass without delay.
 *
 * <p>Each parallel instance takes an equal share of the limit.
 */
public class SnapshotThrottle extends RichMapFunction<ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;

    private final long rowsPerSecond;

    private transient TokenBucket bucket;
    private transient Counter throttledMillis;

    public SnapshotThrottle(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    @Override
    public void open(Configuration parameters) {
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        bucket = new TokenBucket((double) rowsPerSecond / parallelism, TokenBucket.SYSTEM);
        throttledMillis = getRuntimeContext().getMetricGroup().counter("snapshotThrottledMs");
    }

    @Override
    public ChangeEvent map(ChangeEvent event) throws Exception {
        if (event.snapshot) {
            throttledMillis.inc(bucket.acquire() / 1_000_000);
        }
        return event;
    }
}
