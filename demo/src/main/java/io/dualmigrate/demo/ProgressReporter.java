package io.dualmigrate.demo;

import io.dualmigrate.demo.ShopSchema.MappedTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Prints a progress line every few seconds: changes the application made, live rows per table in
 * NEW, the estimated replication lag, and the job's state when it is not running.
 */
final class ProgressReporter implements AutoCloseable {

    private final Console console;
    private final Connection neu;
    private final List<MappedTable> tables;
    private final ShopApplication app;
    private final LagTracker lag;
    private final JobClient job;
    private final String query;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "demo-progress");
                        t.setDaemon(true);
                        return t;
                    });
    private long lastChanges;
    private long lastNanos = System.nanoTime();

    ProgressReporter(
            Console console,
            Connection neu,
            List<MappedTable> tables,
            ShopApplication app,
            LagTracker lag,
            JobClient job) {
        this.console = console;
        this.neu = neu;
        this.tables = tables;
        this.app = app;
        this.lag = lag;
        this.job = job;
        // Tombstones count for the applied position (a delete is applied too), not for rows.
        this.query =
                "SELECT "
                        + tables.stream()
                                .map(
                                        t ->
                                                "(SELECT count(*) FROM "
                                                        + t.name()
                                                        + " WHERE "
                                                        + ShopSchema.LIVE
                                                        + ")")
                                .collect(Collectors.joining(", "))
                        + ", coalesce(greatest("
                        + tables.stream()
                                .map(t -> "(SELECT max(_dm_version) FROM " + t.name() + ")")
                                .collect(Collectors.joining(", "))
                        + "), 0)";
    }

    void start(Duration every) {
        timer.scheduleAtFixedRate(
                this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            long[] counts = new long[tables.size()];
            long applied;
            try (Statement st = neu.createStatement();
                    ResultSet rs = st.executeQuery(query)) {
                rs.next();
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = rs.getLong(i + 1);
                }
                applied = rs.getLong(counts.length + 1);
            }
            long now = System.nanoTime();
            long changes = app.changes();
            double rate = (changes - lastChanges) * 1e9 / Math.max(1, now - lastNanos);
            lastChanges = changes;
            lastNanos = now;
            StringBuilder line =
                    new StringBuilder(
                            String.format("app %,7d changes %4.0f/s | NEW live:", changes, rate));
            for (int i = 0; i < counts.length; i++) {
                line.append(String.format(" %s %,d", tables.get(i).name(), counts[i]));
            }
            line.append(String.format(" | lag %.1f s", lag.lagMillis(applied, now) / 1000.0));
            JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
            if (status != JobStatus.RUNNING) {
                line.append(" | job ").append(status);
            }
            console.line(line.toString());
        } catch (Exception e) {
            console.line("progress unavailable: " + e);
        }
    }

    /** Stops after the line being printed, if any, and closes the connection to NEW. */
    @Override
    public void close() throws InterruptedException, SQLException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        neu.close();
    }
}
