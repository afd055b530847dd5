package io.dualmigrate.demo.shadow;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link ReadLogGenerator} produced, so that a run can be checked against what the job
 * reports: requests per scenario (only those whose events arrive in time, i.e. become pairs), and
 * the noise: late, malformed and out-of-order events.
 */
public final class ReadLogTally {

    private final Map<Scenario, Long> pairs = new EnumMap<>(Scenario.class);
    private long lagWithMissingAnswer;
    private long events;
    private long lateRequests;
    private long lateEvents;
    private long malformedEvents;
    private long outOfOrderEvents;
    private long bothSidesEvents;
    private long closingRequests;

    void pair(Scenario scenario, boolean lagAnswerMissing) {
        pairs.merge(scenario, 1L, Long::sum);
        if (scenario == Scenario.REPLICATION_LAG && lagAnswerMissing) {
            lagWithMissingAnswer++;
        }
    }

    void event(boolean bothSides) {
        events++;
        if (bothSides) {
            bothSidesEvents++;
        }
    }

    void lateRequest(int eventsOfRequest) {
        lateRequests++;
        lateEvents += eventsOfRequest;
    }

    void malformed() {
        events++;
        malformedEvents++;
    }

    void outOfOrder() {
        outOfOrderEvents++;
    }

    void closing() {
        closingRequests++;
    }

    /** Requests of {@code scenario} whose events arrived in time (closing requests excluded). */
    public long pairs(Scenario scenario) {
        return pairs.getOrDefault(scenario, 0L);
    }

    /** All requests whose events arrived in time, closing requests excluded. */
    public long pairs() {
        return pairs.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The pairs the job must report per category. {@code confirmed}: the job re-reads differing
     * keys from both stores (database mode), so lagging answers are {@code REPLICATION_LAG};
     * otherwise they count as what NEW answered.
     */
    public Map<String, Long> expectedCategories(boolean confirmed) {
        Map<String, Long> out = new TreeMap<>();
        pairs.forEach(
                (scenario, n) -> {
                    if (scenario == Scenario.REPLICATION_LAG && !confirmed) {
                        long missing = lagWithMissingAnswer;
                        if (missing > 0) {
                            out.merge(scenario.unconfirmedCategory(true), missing, Long::sum);
                        }
                        if (n - missing > 0) {
                            out.merge(scenario.unconfirmedCategory(false), n - missing, Long::sum);
                        }
                    } else {
                        out.merge(scenario.category(), n, Long::sum);
                    }
                });
        return out;
    }

    /** Every record sent, malformed ones included, closing ones excluded. */
    public long events() {
        return events;
    }

    public long lateRequests() {
        return lateRequests;
    }

    /** Events that arrive after the job's watermark has passed their pair's window. */
    public long lateEvents() {
        return lateEvents;
    }

    public long malformedEvents() {
        return malformedEvents;
    }

    /** Events sent after an event with a later event time (late events excluded). */
    public long outOfOrderEvents() {
        return outOfOrderEvents;
    }

    public long bothSidesEvents() {
        return bothSidesEvents;
    }

    /**
     * Matching requests sent at the end, one per partition, whose event time moves every
     * partition's watermark past the last pair's window and past every late event.
     */
    public long closingRequests() {
        return closingRequests;
    }

    @Override
    public String toString() {
        return String.format(
                "%,d events: %,d pairs %s, %,d late events, %,d malformed, %,d out of order",
                events, pairs(), pairs, lateEvents, malformedEvents, outOfOrderEvents);
    }
}
