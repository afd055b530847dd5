package io.dualmigrate.jobs;

import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls a table of NEW whose OLD rows only ever count up ({@code id, n} with {@code n} growing) and
 * records every row that went back: a version lower than one seen before, or, between two streamed
 * versions, a lower value. That is what a replay, a restart or a stale write that slipped past the
 * version guard would show.
 *
 * <p>A snapshot row (version 0) followed by an older streamed value is not a regression: while the
 * stream catches up on changes made during the snapshot, NEW may briefly show an older value than
 * the snapshot read, with a growing version (docs/replication.md, "Versions").
 *
 * <p>NEW may go away under it (a restart test): a failed poll reconnects and goes on.
 */
final class RegressionMonitor implements AutoCloseable {

    final ConcurrentLinkedQueue<String> regressions = new ConcurrentLinkedQueue<>();
    volatile int polls;
    volatile int failedPolls;
    private final Callable<Connection> connect;
    private final String query;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::run, "regression-monitor");
    private Connection connection;

    /** Watches {@code table}'s {@code id} and {@code n} columns in NEW. */
    RegressionMonitor(Callable<Connection> connect, String table) {
        this.connect = connect;
        this.query = "SELECT id, n, coalesce(_dm_version, 0) FROM " + table;
    }

    RegressionMonitor start() {
        thread.start();
        return this;
    }

    /** Stops polling; the findings stay readable. */
    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        if (connection != null) {
            connection.close();
        }
    }

    private void run() {
        Map<String, long[]> seen = new HashMap<>();
        try {
            while (running.get()) {
                poll(seen);
                Thread.sleep(100);
            }
        } catch (Exception e) {
            regressions.add("monitor failed: " + e);
        }
    }

    private void poll(Map<String, long[]> seen) throws Exception {
        List<String> rows;
        try {
            if (connection == null) {
                connection = connect.call();
            }
            rows = Sql.rows(connection, query);
        } catch (SQLException unreachable) {
            failedPolls++;
            if (connection != null) {
                connection.close();
                connection = null;
            }
            Thread.sleep(500);
            return;
        }
        for (String row : rows) {
            String[] parts = row.split("\\|");
            long[] now = {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
            long[] before = seen.put(parts[0], now);
            if (before != null && (now[1] < before[1] || (before[1] > 0 && now[0] < before[0]))) {
                regressions.add(
                        "id "
                                + parts[0]
                                + ": n "
                                + before[0]
                                + " -> "
                                + now[0]
                                + ", version "
                                + before[1]
                                + " -> "
                                + now[1]);
            }
        }
        polls++;
    }
}
