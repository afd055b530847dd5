package io.dualmigrate.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The teardown of a run, in reverse order of setup: it runs once, on success, on failure and on
 * Ctrl-C (from a shutdown hook), and a failing step does not stop the ones after it.
 */
final class Cleanup {

    private record Step(String name, AutoCloseable action) {}

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean done;

    synchronized void add(String name, AutoCloseable action) {
        steps.push(new Step(name, action));
    }

    synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.action().close();
            } catch (Exception e) {
                System.err.println("   cleanup: " + step.name() + " failed: " + e);
            }
        }
    }
}
