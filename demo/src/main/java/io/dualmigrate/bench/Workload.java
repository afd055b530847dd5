package io.dualmigrate.bench;

import io.dualmigrate.testkit.Sql;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;

/**
 * The writers of the benchmark: the initial load, a burst of updates as fast as one connection can
 * commit them, and a paced stream of updates at a fixed rate.
 *
 * <p>Updates walk a fixed permutation of the keys, so that every update of a phase hits a different
 * row (as long as the phases together write fewer changes than the table has rows): each change is
 * then one row to apply on both sides, no change can be coalesced away, and the last {@code
 * written_at} of a row is the one its {@code applied_at} answers.
 */
final class Workload {

    /** What a writer did, in server-clock microseconds. */
    static final class Written {
        final long changes;
        final long transactions;
        final long firstMicros;

        /** The newest {@code written_at}: the last change, just before its commit. */
        final long lastCommitMicros;

        Written(long changes, long transactions, long firstMicros, long lastCommitMicros) {
            this.changes = changes;
            this.transactions = transactions;
            this.firstMicros = firstMicros;
            this.lastCommitMicros = lastCommitMicros;
        }

        double seconds() {
            return (lastCommitMicros - firstMicros) / 1e6;
        }

        double perSecond() {
            return changes / Math.max(seconds(), 1e-6);
        }
    }

    private final long rows;
    private final long stride;
    private long next;

    Workload(long rows) {
        this.rows = rows;
        long s = 7_368_787L % rows;
        while (s < 1
                || !BigInteger.valueOf(s).gcd(BigInteger.valueOf(rows)).equals(BigInteger.ONE)) {
            s = (s + 1) % rows;
        }
        this.stride = rows == 1 ? 1 : s;
    }

    /** Loads {@code rows} rows in chunks, printing progress. */
    static void load(Connection old, long rows) throws SQLException {
        long chunk = 100_000;
        for (long from = 1; from <= rows; from += chunk) {
            BenchTable.insertRows(old, from, Math.min(rows, from + chunk - 1));
            Console.progress("loading OLD: %,d / %,d rows", Math.min(rows, from + chunk - 1), rows);
        }
        Console.progressDone();
    }

    /** Writes {@code updates} updates, {@code batch} per transaction, as fast as possible. */
    Written burst(Connection old, int updates, int batch) throws SQLException {
        old.setAutoCommit(true);
        long first = ServerClock.micros(old);
        long transactions = 0;
        try (PreparedStatement ps = old.prepareStatement(BenchTable.UPDATE)) {
            int done = 0;
            while (done < updates) {
                int n = Math.min(batch, updates - done);
                update(old, ps, n);
                done += n;
                transactions++;
                if (transactions % 20 == 0) {
                    Console.progress("streaming writer: %,d / %,d updates", done, updates);
                }
            }
        }
        Console.progressDone();
        return new Written(updates, transactions, first, lastWrite(old));
    }

    /**
     * Writes {@code rate} updates per second for {@code seconds}, one small transaction per 10 ms
     * tick, catching up if a tick was late.
     */
    Written paced(Connection old, int rate, long seconds) throws SQLException {
        old.setAutoCommit(true);
        long total = rate * seconds;
        long tickNanos = 10_000_000L;
        long first = ServerClock.micros(old);
        long start = System.nanoTime();
        long done = 0;
        long transactions = 0;
        try (PreparedStatement ps = old.prepareStatement(BenchTable.UPDATE)) {
            long nextTick = start;
            long nextProgress = start;
            while (done < total) {
                nextTick += tickNanos;
                long sleep = nextTick - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                }
                long now = System.nanoTime();
                long due = Math.min(total, (long) (rate * ((now - start) / 1e9)));
                if (due > done) {
                    int n = (int) Math.min(due - done, 10_000);
                    update(old, ps, n);
                    done += n;
                    transactions++;
                }
                if (now >= nextProgress) {
                    nextProgress = now + 1_000_000_000L;
                    Console.progress(
                            "paced writer: %,d / %,d updates (%d s of %d)",
                            done, total, (now - start) / 1_000_000_000L, seconds);
                }
            }
        }
        Console.progressDone();
        return new Written(done, transactions, first, lastWrite(old));
    }

    /**
     * When the last change was written: the newest {@code written_at}, stamped inside the last
     * transaction just before its commit (a query after the commit would read later).
     */
    private static long lastWrite(Connection old) throws SQLException {
        return Sql.queryLong(
                old,
                "SELECT "
                        + ServerClock.epochMicros("max(written_at)")
                        + " FROM "
                        + BenchTable.NAME);
    }

    private void update(Connection old, PreparedStatement ps, int n) throws SQLException {
        Long[] keys = new Long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (next++ * stride) % rows + 1;
        }
        Array array = old.createArrayOf("bigint", keys);
        ps.setArray(1, array);
        ps.executeUpdate();
        array.free();
    }
}
