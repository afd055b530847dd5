package io.dualmigrate.bench;

/**
 * What the benchmark tells the person running it: phase headings, one-line progress that overwrites
 * itself on a terminal, and results.
 */
final class Console {

    private static final boolean TERMINAL = System.console() != null;
    private static volatile boolean progressShown;
    private static volatile long lastPlainProgress;

    private Console() {}

    static void phase(String title) {
        progressDone();
        System.out.println();
        System.out.println("== " + title);
    }

    static void info(String format, Object... args) {
        progressDone();
        System.out.println("   " + String.format(format, args));
    }

    /** A progress line: overwritten in place on a terminal, at most every 5 s otherwise. */
    static synchronized void progress(String format, Object... args) {
        String line = "   " + String.format(format, args);
        if (TERMINAL) {
            System.out.print("\r" + line + "\u001b[K");
            System.out.flush();
            progressShown = true;
        } else if (System.currentTimeMillis() - lastPlainProgress >= 5_000) {
            lastPlainProgress = System.currentTimeMillis();
            System.out.println(line);
        }
    }

    static synchronized void progressDone() {
        if (progressShown) {
            System.out.println();
            progressShown = false;
        }
    }
}
