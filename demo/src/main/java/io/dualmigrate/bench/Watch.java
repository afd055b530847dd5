package io.dualmigrate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Waits until replicas have caught up, without loading the machine the replicas run on.
 *
 * <p>Each watch has a cheap progress figure (PostgreSQL's table statistics) and an exact check (a
 * scan of the table); the scan runs only once the progress says the replica may be done, or every 3
 * s in case the statistics lag. The exact moment a replica converged is not taken from here but
 * from the rows' {@code applied_at}; this only has to notice it.
 */
final class Watch {

    interface Probe {
        long get() throws Exception;
    }

    interface Health {
        void check() throws Exception;
    }

    final String label;
    private final Probe progress;
    private final long progressTarget;
    private final Probe exact;
    private final long exactTarget;
    private long lastExactNanos;
    private long lastProgress;
    boolean done;

    Watch(String label, Probe progress, long progressTarget, Probe exact, long exactTarget) {
        this.label = label;
        this.progress = progress;
        this.progressTarget = progressTarget;
        this.exact = exact;
        this.exactTarget = exactTarget;
    }

    private void poll() throws Exception {
        lastProgress = progress.get();
        boolean due = System.nanoTime() - lastExactNanos > 3_000_000_000L;
        if (lastProgress >= progressTarget || due) {
            lastExactNanos = System.nanoTime();
            done = exact.get() == exactTarget;
        }
    }

    /** Polls every watch until all are done; throws with their state on timeout. */
    static void all(String what, List<Watch> watches, Duration timeout, Health health)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        while (true) {
            List<String> state = new ArrayList<>();
            boolean allDone = true;
            for (Watch w : watches) {
                if (!w.done) {
                    w.poll();
                }
                allDone &= w.done;
                state.add(
                        w.label
                                + " "
                                + (w.done
                                        ? "done"
                                        : String.format(
                                                "%,d / %,d", w.lastProgress, w.progressTarget)));
            }
            if (allDone) {
                Console.progressDone();
                return;
            }
            health.check();
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        what + " did not converge within " + timeout + ": " + state);
            }
            Console.progress(
                    "%s (%d s): %s",
                    what, (System.nanoTime() - start) / 1_000_000_000L, String.join(", ", state));
            Thread.sleep(250);
        }
    }
}
