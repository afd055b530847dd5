package io.dualmigrate.demo.shadow;

import java.time.Duration;

/**
 * The imperfections of real read logs that the generator mixes in.
 *
 * @param outOfOrder share of events that reach Kafka up to {@code maxDisorder} after later events
 *     (keep {@code maxDisorder} below the job's {@code shadow.pairing.max-out-of-orderness}, or
 *     they become late)
 * @param late share of requests whose events all arrive {@code lateBy} after their event time; make
 *     {@code lateBy} exceed the job's pairing window plus its out-of-orderness so they are late
 * @param malformed malformed events per generated request (bad JSON, missing fields, an unknown
 *     side, wrong types)
 * @param bothSides share of requests logged as one event holding both answers instead of one event
 *     per side
 */
public record Noise(
        double outOfOrder,
        Duration maxDisorder,
        double late,
        Duration lateBy,
        double malformed,
        double bothSides) {

    public Noise {
        check("outOfOrder", outOfOrder);
        check("late", late);
        check("malformed", malformed);
        check("bothSides", bothSides);
        if (maxDisorder.isNegative() || lateBy.isNegative()) {
            throw new IllegalArgumentException("maxDisorder and lateBy must not be negative");
        }
    }

    /** No noise: every request as one event per side, in event-time order. */
    public static Noise none() {
        return new Noise(0, Duration.ZERO, 0, Duration.ZERO, 0, 0);
    }

    /**
     * The demo's noise for a job that pairs within {@code window} and tolerates {@code
     * outOfOrderness}: a fifth of the events out of order within half the tolerance, 1 % late
     * requests, 1 % malformed events, a third of the requests in the both-sides shape.
     */
    public static Noise typical(Duration window, Duration outOfOrderness) {
        return new Noise(
                0.2,
                outOfOrderness.dividedBy(2),
                0.01,
                window.plus(outOfOrderness).plusSeconds(5),
                0.01,
                1.0 / 3);
    }

    private static void check(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + share);
        }
    }
}
