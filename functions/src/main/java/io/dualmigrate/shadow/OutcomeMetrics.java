package io.dualmigrate.shadow;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every final outcome (after confirmation) and passes it on.
 *
 * <p>{@code pairs} counts requests whose two sides arrived, {@code matches} those that matched,
 * {@code mismatches} (label {@code category}) every other paired outcome including {@code
 * REPLICATION_LAG}, and {@code unpaired} the rest, so pairs = matches + Σ mismatches. The gauge
 * {@code matchRate} is matches / (pairs − replication lag) of this subtask since it started; it is
 * NaN until a pair has been compared.
 */
public class OutcomeMetrics extends RichMapFunction<ShadowOutcome, ShadowOutcome> {

    private static final long serialVersionUID = 1L;

    private transient Counter pairs;
    private transient Counter matches;
    private transient Counter unpaired;
    private transient Map<Category, Counter> mismatches;

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = ShadowMetrics.group(getRuntimeContext().getMetricGroup());
        pairs = metrics.counter(ShadowMetrics.PAIRS);
        matches = metrics.counter(ShadowMetrics.MATCHES);
        unpaired = metrics.counter(ShadowMetrics.UNPAIRED);
        mismatches = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            if (category != Category.MATCH && category != Category.UNPAIRED) {
                mismatches.put(
                        category,
                        metrics.addGroup(ShadowMetrics.CATEGORY, category.name())
                                .counter(ShadowMetrics.MISMATCHES));
            }
        }
        metrics.gauge(ShadowMetrics.MATCH_RATE, this::matchRate);
    }

    private double matchRate() {
        long compared = pairs.getCount() - mismatches.get(Category.REPLICATION_LAG).getCount();
        return compared == 0 ? Double.NaN : (double) matches.getCount() / compared;
    }

    @Override
    public ShadowOutcome map(ShadowOutcome outcome) {
        if (outcome.category == Category.UNPAIRED) {
            unpaired.inc();
            return outcome;
        }
        pairs.inc();
        if (outcome.category == Category.MATCH) {
            matches.inc();
        } else {
            mismatches.get(outcome.category).inc();
        }
        return outcome;
    }
}
