package io.dualmigrate.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Estimates replication lag as the age of the oldest change the application made in OLD that NEW
 * does not show yet.
 *
 * <p>The application records, after each transaction, the time the transaction started and OLD's
 * WAL insert position at its end. In LSN mode NEW keeps each row's version as the WAL position of
 * the change that wrote it, so the largest version in NEW tells how far the job has applied: a
 * transaction counts as applied once that position is past the end of the previous transaction,
 * because its own changes start there. The estimate is optimistic by the spread between parallel
 * sink writers, which is a fraction of a second here.
 */
public final class LagTracker {

    private record Transaction(long startNanos, long endLsn) {}

    private final Deque<Transaction> pending = new ArrayDeque<>();
    private long previousEndLsn;

    /** Ignores versions up to {@code baselineLsn}: they were written before the app started. */
    public LagTracker(long baselineLsn) {
        this.previousEndLsn = baselineLsn;
    }

    /** The application committed a transaction that started at {@code startNanos}. */
    public synchronized void committed(long startNanos, long endLsn) {
        pending.addLast(new Transaction(startNanos, endLsn));
    }

    /**
     * Lag in milliseconds, given the largest version in NEW; 0 when every recorded transaction is
     * applied.
     */
    public synchronized long lagMillis(long appliedLsn, long nowNanos) {
        while (!pending.isEmpty() && appliedLsn > previousEndLsn) {
            previousEndLsn = pending.removeFirst().endLsn();
        }
        if (pending.isEmpty()) {
            return 0;
        }
        return Math.max(0, (nowNanos - pending.peekFirst().startNanos()) / 1_000_000);
    }
}
