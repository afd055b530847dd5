package io.dualmigrate.shadow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets well-formed read-log events through and turns malformed ones into dead letters with the
 * parser's reason, counted in {@code shadow.malformed}. Runs before the keyBy, since a malformed
 * record may have no request id.
 */
public class RejectMalformed extends ProcessFunction<ReadEvent, ReadEvent> {

    private static final long serialVersionUID = 1L;

    private final Comparison comparison;

    private transient Redactor redactor;
    private transient Counter malformed;

    public RejectMalformed(Comparison comparison) {
        this.comparison = comparison;
    }

    @Override
    public void open(OpenContext context) {
        redactor = comparison.deadLetterRedactor();
        malformed =
                ShadowMetrics.group(getRuntimeContext().getMetricGroup())
                        .counter(ShadowMetrics.MALFORMED);
    }

    @Override
    public void processElement(ReadEvent event, Context ctx, Collector<ReadEvent> out) {
        if (event.problem == null) {
            out.collect(event);
            return;
        }
        malformed.inc();
        ctx.output(
                PairingFunction.DEAD_LETTERS,
                DeadLetter.of("malformed", event.problem, event, redactor));
    }
}
