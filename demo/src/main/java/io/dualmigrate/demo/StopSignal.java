package io.dualmigrate.demo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * A request to stop gracefully: from Ctrl-C when {@link #onCtrlC()} is installed, or from code.
 *
 * <p>Ctrl-C is caught as a signal rather than in a shutdown hook because a graceful stop still
 * needs the embedded PostgreSQL and the Flink cluster, which their own shutdown hooks would tear
 * down in parallel. A second Ctrl-C exits at once; the shutdown hooks then clean up.
 */
final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);

    /** Makes the first Ctrl-C request the stop, and the second exit with status 130. */
    StopSignal onCtrlC() {
        Signal.handle(
                new Signal("INT"),
                signal -> {
                    if (requested.getCount() == 0) {
                        System.err.println("\nSecond Ctrl-C: exiting now.");
                        System.exit(130);
                    }
                    System.err.println("\nCtrl-C: stopping gracefully (Ctrl-C again to exit now).");
                    requested.countDown();
                });
        return this;
    }

    void request() {
        requested.countDown();
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code timeout}; true if a stop was requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
