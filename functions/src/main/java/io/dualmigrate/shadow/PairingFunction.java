package io.dualmigrate.shadow;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Pairs the OLD and NEW answers of each request in event time and classifies the pair.
 *
 * <p>Keyed by request id. The first side opens a pair and an event-time timer at {@code event_time
 * + window}; the other side completes it (timer deleted, state cleared) or the timer fires and the
 * request is {@code UNPAIRED}. An event whose own {@code event_time + window} is already behind the
 * watermark, with no open pair to join, is late; a second answer of the same side, or one that
 * disagrees on entity or key, is a duplicate: both go to {@link #DEAD_LETTERS} and are counted. A
 * combined event is classified at once. Differences that a replication delay could explain, of
 * entities with re-read queries, go to {@link #TO_CONFIRM} instead of the main output.
 */
public class PairingFunction extends KeyedProcessFunction<String, ReadEvent, ShadowOutcome> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("shadow-dead-letters") {};
    public static final OutputTag<PendingConfirmation> TO_CONFIRM =
            new OutputTag<>("shadow-to-confirm") {};

    private final Comparison comparison;
    private final long windowMs;

    private transient ValueState<OpenPair> open;
    private transient Redactor deadLetterRedactor;
    private transient Counter late;
    private transient Counter duplicates;

    public PairingFunction(Comparison comparison, Duration window) {
        this.comparison = comparison;
        this.windowMs = window.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        open =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("open-pair", OpenPair.class));
        deadLetterRedactor = comparison.deadLetterRedactor();
        MetricGroup metrics = ShadowMetrics.group(getRuntimeContext().getMetricGroup());
        late = metrics.counter(ShadowMetrics.LATE);
        duplicates = metrics.counter(ShadowMetrics.DUPLICATES);
    }

    @Override
    public void processElement(ReadEvent event, Context ctx, Collector<ShadowOutcome> out)
            throws Exception {
        OpenPair pair = open.value();
        if (pair == null) {
            if (event.eventTime + windowMs <= ctx.timerService().currentWatermark()) {
                late.inc();
                ctx.output(
                        DEAD_LETTERS,
                        DeadLetter.of(
                                "late",
                                "pairing window closed: event_time + window is behind the"
                                        + " watermark",
                                event,
                                deadLetterRedactor));
            } else if (event.combined()) {
                emit(
                        event.requestId,
                        event.entity,
                        event.key,
                        event.eventTime,
                        event.oldSide,
                        event.newSide,
                        ctx,
                        out);
            } else {
                pair = new OpenPair();
                pair.entity = event.entity;
                pair.key = event.key;
                pair.eventTime = event.eventTime;
                pair.deadline = event.eventTime + windowMs;
                pair.oldSide = event.oldSide;
                pair.newSide = event.newSide;
                open.update(pair);
                ctx.timerService().registerEventTimeTimer(pair.deadline);
            }
            return;
        }
        String conflict = conflict(pair, event);
        if (conflict != null) {
            duplicates.inc();
            ctx.output(
                    DEAD_LETTERS, DeadLetter.of("duplicate", conflict, event, deadLetterRedactor));
            return;
        }
        ctx.timerService().deleteEventTimeTimer(pair.deadline);
        open.clear();
        boolean secondInTime = event.eventTime + windowMs > ctx.timerService().currentWatermark();
        emit(
                event.requestId,
                pair.entity,
                pair.key,
                secondInTime ? Math.min(pair.eventTime, event.eventTime) : pair.eventTime,
                pair.oldSide != null ? pair.oldSide : event.oldSide,
                pair.newSide != null ? pair.newSide : event.newSide,
                ctx,
                out);
    }

    private static String conflict(OpenPair pair, ReadEvent event) {
        if (event.combined()) {
            return "both sides again for a request with an open side";
        }
        if ((pair.oldSide != null && event.oldSide != null)
                || (pair.newSide != null && event.newSide != null)) {
            return "second answer of the same side for this request";
        }
        if (!Objects.equals(pair.entity, event.entity) || !Objects.equals(pair.key, event.key)) {
            return "entity or key differ from the other side of this request";
        }
        return null;
    }

    private void emit(
            String requestId,
            String entity,
            String key,
            long eventTime,
            SideRead old,
            SideRead neu,
            Context ctx,
            Collector<ShadowOutcome> out) {
        Classification classification = Classifier.classify(old, neu, comparison.rules(entity));
        ShadowOutcome outcome =
                comparison.outcome(requestId, entity, key, eventTime, old, neu, classification);
        if (classification.category().confirmable()) {
            if (comparison.rules(entity).reread != null) {
                ctx.output(TO_CONFIRM, new PendingConfirmation(outcome, key));
                return;
            }
            outcome.confirmation = Confirmation.UNCONFIRMED;
        }
        out.collect(outcome);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShadowOutcome> out)
            throws Exception {
        OpenPair pair = open.value();
        if (pair == null) {
            return;
        }
        open.clear();
        out.collect(
                comparison.outcome(
                        ctx.getCurrentKey(),
                        pair.entity,
                        pair.key,
                        pair.eventTime,
                        pair.oldSide,
                        pair.newSide,
                        Classification.of(Category.UNPAIRED)));
    }
}
