package io.dualmigrate.sink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One progress line per sink subtask at most every ten seconds: what an operator tails. */
final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);
    private static final long EVERY_MS = 10_000;

    private final int subtask;
    private final long estimatedRows;
    private long lastLog = System.currentTimeMillis();

    ProgressLog(int subtask, long estimatedRows) {
        this.subtask = subtask;
        this.estimatedRows = estimatedRows;
    }

    /** True at most once every ten seconds; the caller then computes and logs the figures. */
    boolean due() {
        long now = System.currentTimeMillis();
        if (now - lastLog < EVERY_MS) {
            return false;
        }
        lastLog = now;
        return true;
    }

    void log(long snapshotRows, long applied, long deadLetters, double lagP99Ms) {
        LOG.info(
                "sink {}: snapshot rows written {} (all subtasks copy ~{}), rows applied {},"
                        + " dead letters {}, lag p99 {} ms",
                subtask,
                snapshotRows,
                estimatedRows,
                applied,
                deadLetters,
                Math.round(lagP99Ms));
    }
}
