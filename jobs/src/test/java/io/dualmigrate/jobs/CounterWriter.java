package io.dualmigrate.jobs;

import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application of the fault-injection tests: from its own thread, adds 1 to ten counters at a
 * time, cycling over the table, and every 20th statement deletes the highest remaining row. OLD may
 * be restarted under it: a failed statement reconnects and goes on (it is counted, not retried, so
 * OLD stays the truth).
 */
final class CounterWriter implements AutoCloseable {

    private final Callable<Connection> connect;
    private final int rows;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private volatile long lowestDeleted;
    private Thread thread;

    CounterWriter(Callable<Connection> connect, int rows) {
        this.connect = connect;
        this.rows = rows;
        this.lowestDeleted = rows + 1L;
    }

    synchronized CounterWriter start() {
        if (thread == null) {
            running.set(true);
            thread = new Thread(this::run, "counter-writer");
            thread.start();
        }
        return this;
    }

    long statements() {
        return statements.get();
    }

    long failures() {
        return failures.get();
    }

    long deletes() {
        return deletes.get();
    }

    /** Every row with a key at or above this one has been deleted from OLD. */
    long lowestDeleted() {
        return lowestDeleted;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join();
        }
    }

    private void run() {
        Connection c = null;
        long i = 0;
        while (running.get()) {
            try {
                if (c == null) {
                    c = connect.call();
                }
                if (i % 20 == 19 && lowestDeleted > rows / 2) {
                    Sql.exec(c, "DELETE FROM counters WHERE id = " + (lowestDeleted - 1) + ";\n");
                    lowestDeleted--;
                    deletes.incrementAndGet();
                } else {
                    long from = (i * 10) % (rows / 2);
                    Sql.exec(
                            c,
                            "UPDATE counters SET n = n + 1 WHERE id > "
                                    + from
                                    + " AND id <= "
                                    + (from + 10)
                                    + ";\n");
                }
                statements.incrementAndGet();
                i++;
                Thread.sleep(10);
            } catch (SQLException e) {
                failures.incrementAndGet();
                c = closeQuietly(c);
                pause(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        closeQuietly(c);
    }

    private static Connection closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // A connection to a stopped server: nothing left to release.
            }
        }
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
