package io.dualmigrate.jobs;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls a value until it satisfies a condition, failing with the last value seen. */
final class Awaits {

    private Awaits() {}

    static <T> T until(Callable<T> probe, Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "condition not met in " + timeout + "; last value: " + last);
            }
            Thread.sleep(200);
            last = probe.call();
        }
        return last;
    }
}
