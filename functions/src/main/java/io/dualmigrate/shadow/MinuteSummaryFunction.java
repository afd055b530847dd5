package io.dualmigrate.shadow;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts outcomes per entity, minute of event time and category, and emits the minute's rows once
 * no more outcomes can arrive for it.
 *
 * <p>Keyed by entity. A request's outcome is emitted at the latest when the watermark passes its
 * {@code event_time + pairing window} (confirmation holds the watermark back with it), so a minute
 * is complete when the watermark passes its end plus the window; its state is then removed. The
 * counts are an array indexed by category ordinal, so state is a few bytes per open minute.
 */
public class MinuteSummaryFunction extends KeyedProcessFunction<String, ShadowOutcome, SummaryRow> {

    private static final long serialVersionUID = 1L;
    static final long MINUTE = 60_000L;

    private final long windowMs;
    private transient MapState<Long, long[]> minutes;

    public MinuteSummaryFunction(Duration pairingWindow) {
        this.windowMs = pairingWindow.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        minutes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "minute-counts",
                                        Types.LONG,
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(ShadowOutcome outcome, Context ctx, Collector<SummaryRow> out)
            throws Exception {
        long start = Math.floorDiv(outcome.eventTime, MINUTE) * MINUTE;
        long[] counts = minutes.get(start);
        if (counts == null) {
            counts = new long[Category.values().length];
            ctx.timerService().registerEventTimeTimer(start + MINUTE + windowMs);
        }
        counts[outcome.category.ordinal()]++;
        minutes.put(start, counts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SummaryRow> out)
            throws Exception {
        long start = timestamp - windowMs - MINUTE;
        long[] counts = minutes.get(start);
        if (counts == null) {
            return;
        }
        minutes.remove(start);
        for (SummaryRow row : rows(start, ctx.getCurrentKey(), counts)) {
            out.collect(row);
        }
    }

    static SummaryRow[] rows(long start, String entity, long[] counts) {
        long lag = counts[Category.REPLICATION_LAG.ordinal()];
        long matches = counts[Category.MATCH.ordinal()];
        long pairs = 0;
        int present = 0;
        for (Category category : Category.values()) {
            if (counts[category.ordinal()] > 0) {
                present++;
                if (category.paired()) {
                    pairs += counts[category.ordinal()];
                }
            }
        }
        SummaryRow[] rows = new SummaryRow[present];
        int i = 0;
        for (Category category : Category.values()) {
            if (counts[category.ordinal()] == 0) {
                continue;
            }
            SummaryRow row = new SummaryRow();
            row.windowStart = start;
            row.entity = entity;
            row.category = category;
            row.count = counts[category.ordinal()];
            row.pairs = pairs;
            row.matches = matches;
            row.replicationLag = lag;
            row.mismatches = pairs - matches - lag;
            row.matchRate = pairs - lag == 0 ? null : (double) matches / (pairs - lag);
            rows[i++] = row;
        }
        return rows;
    }
}
