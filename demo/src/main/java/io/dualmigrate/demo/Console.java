package io.dualmigrate.demo;

import java.io.PrintStream;

/** Prints the demo's lines, each stamped with the seconds since the demo started. */
final class Console {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Console(PrintStream out) {
        this.out = out;
    }

    PrintStream out() {
        return out;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One line with the time stamp; continuation lines are indented to match. */
    synchronized void line(String text) {
        out.printf("[%6.1fs] %s%n", elapsedSeconds(), text.replace("\n", "\n          "));
        out.flush();
    }
}
