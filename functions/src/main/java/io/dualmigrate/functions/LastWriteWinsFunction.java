package io.dualmigrate.functions;

import io.dualmigrate.source.ChangeEvent;
import io.dualmigrate.state.KeyVersionState;
import io.dualmigrate.state.VersionOrder;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by (table, primary key): lets through only changes newer than the last applied one.
 *
 * <p>Stale (older) and duplicate (same version) changes are dropped and counted. A delete leaves a
 * tombstone with its version, so a late older write cannot resurrect the row; the tombstone is
 * removed by a processing-time timer after the configured TTL, and the timer is deleted when a
 * newer write replaces the tombstone first. Live keys keep a few bytes of state for as long as the
 * job runs. Events marked invalid pass through untouched for the sink to dead-letter; they never
 * change the state.
 */
public class LastWriteWinsFunction extends KeyedProcessFunction<String, ChangeEvent, ChangeEvent> {

    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "key-version";

    private final long tombstoneTtlMs;

    private transient ValueState<KeyVersionState> keyVersion;
    private transient Counter applied;
    private transient Counter stale;
    private transient Counter duplicates;
    private transient Counter tombstones;
    private transient Counter tombstonesExpired;
    private transient Counter snapshotRows;

    public LastWriteWinsFunction(Duration tombstoneTtl) {
        this.tombstoneTtlMs = tombstoneTtl.toMillis();
    }

    @Override
    public void open(Configuration parameters) {
        keyVersion =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(STATE_NAME, KeyVersionState.class));
        var metrics = getRuntimeContext().getMetricGroup();
        applied = metrics.counter("changesApplied");
        stale = metrics.counter("staleDropped");
        duplicates = metrics.counter("duplicatesDropped");
        tombstones = metrics.counter("tombstones");
        tombstonesExpired = metrics.counter("tombstonesExpired");
        snapshotRows = metrics.counter("snapshotRowsRead");
    }

    @Override
    public void processElement(ChangeEvent event, Context ctx, Collector<ChangeEvent> out)
            throws Exception {
        if (event.snapshot) {
            snapshotRows.inc();
        }
        if (event.invalidReason != null) {
            out.collect(event);
            return;
        }
        KeyVersionState current = keyVersion.value();
        switch (VersionOrder.compare(current, event.version, event.delete)) {
            case STALE:
                stale.inc();
                return;
            case DUPLICATE:
                duplicates.inc();
                return;
            default:
                break;
        }
        if (current != null && current.deleted) {
            ctx.timerService().deleteProcessingTimeTimer(current.tombstoneExpiresAt);
        }
        if (event.delete) {
            long expiresAt = ctx.timerService().currentProcessingTime() + tombstoneTtlMs;
            ctx.timerService().registerProcessingTimeTimer(expiresAt);
            keyVersion.update(KeyVersionState.tombstone(event.version, expiresAt));
            tombstones.inc();
        } else {
            keyVersion.update(KeyVersionState.live(event.version));
        }
        applied.inc();
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ChangeEvent> out)
            throws Exception {
        KeyVersionState current = keyVersion.value();
        if (current != null && current.deleted && current.tombstoneExpiresAt == timestamp) {
            keyVersion.clear();
            tombstonesExpired.inc();
        }
    }
}
