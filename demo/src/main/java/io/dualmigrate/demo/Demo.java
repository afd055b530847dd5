package io.dualmigrate.demo;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.demo.ConvergenceCheck.TableResult;
import io.dualmigrate.jobs.ReplicationJob;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.ReplicationSlots;
import io.dualmigrate.testkit.Sql;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo: a live shop database in OLD is replicated into a reshaped NEW by the replication job on
 * a local Flink cluster while a simulated application keeps writing to OLD; when the application
 * stops, every table is checked for convergence. Meanwhile the application's shadow reads go
 * through an in-process Kafka broker to the shadow-read job on the same cluster ({@link
 * ShadowDemo}), which reports the match rate and the mismatches by category at the end.
 *
 * <p>Everything the demo starts is released by {@link #close()}, which {@link #run} calls at its
 * end and which is also safe to call from a shutdown hook: the job is cancelled, the cluster
 * stopped, the replication slots dropped (a slot left behind keeps OLD's WAL forever), Kafka and
 * PostgreSQL stopped and the temporary folders deleted.
 */
public final class Demo implements AutoCloseable {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    static final int CUSTOMERS = 2_000;
    static final int ORDERS = 5_000;
    private static final String PASSWORD_FILE = "pg-password";

    /**
     * What the demo found, and what it left behind after cleaning up.
     *
     * @param shadow what the shadow-read job reported; null when the demo stopped before
     */
    public record Result(
            List<TableResult> tables,
            long appChanges,
            long slotsLeft,
            List<Path> folders,
            ShadowDemo.Result shadow) {

        /** True when every table converged. */
        public boolean converged() {
            return !tables.isEmpty() && ConvergenceCheck.allConverged(tables);
        }

        /** True when the shadow-read job reported every category as the generator made it. */
        public boolean shadowAsExpected() {
            return shadow != null && shadow.asExpected();
        }
    }

    private final Duration duration;
    private final int rate;
    private final Console console;

    // Set as each resource comes up; close() releases whichever exist, in reverse order.
    private Path folder;
    private EmbeddedPostgres pg;
    private Path pgFolder;
    private Connection old;
    private Connection neu;
    private LocalCluster cluster;
    private JobClient job;
    private ShopApplication app;
    private ProgressReporter progress;
    private Path migration;
    private ShadowDemo shadow;
    private long slotsLeft = -1;
    private boolean closed;

    /** A demo whose application runs for {@code duration} at {@code rate} changes per second. */
    public Demo(Duration duration, int rate, PrintStream out) {
        this.duration = Objects.requireNonNull(duration);
        this.rate = rate;
        this.console = new Console(out);
    }

    /** Runs the demo until {@code duration} passed or {@code stop} was requested. */
    public Result run(StopSignal stop) throws Exception {
        List<TableResult> tables = List.of();
        long changes = 0;
        ShadowDemo.Result reads = null;
        try {
            start();
            awaitStop(stop);
            app.stop();
            shadow.stopReads();
            progress.close();
            changes = app.changes();
            if (app.failure() != null) {
                console.line("The application failed: " + app.failure());
            }
            console.line(
                    String.format(
                            "Application stopped after %,d changes (%s).%nWaiting up to %d s for"
                                    + " NEW to catch up...",
                            changes, app.breakdown(), CATCH_UP_TIMEOUT.toSeconds()));
            double stoppedAt = console.elapsedSeconds();
            tables =
                    new ConvergenceCheck(old, neu, ShopSchema.TABLES)
                            .awaitConverged(CATCH_UP_TIMEOUT);
            if (ConvergenceCheck.allConverged(tables)) {
                console.line(
                        String.format(
                                "NEW caught up %.1f s after the application stopped.",
                                console.elapsedSeconds() - stoppedAt));
            } else {
                console.line("NEW did not catch up; the job is " + jobStatus() + ".");
            }
            printCounters();
            console.out().println();
            ConvergenceCheck.print(tables, console.out());
            console.out().println();
            reads = shadow.awaitResults(cluster.webUi(), CATCH_UP_TIMEOUT);
            shadow.print(reads);
            console.out().println();
            if (!stop.isRequested()) {
                console.line("Parity check (the parity job, as ./dualmigrate parity runs it):");
                new LocalParity(migration, false, console).run(stop);
                console.out().println();
            }
        } finally {
            close();
        }
        List<Path> folders = new ArrayList<>();
        folders.add(folder);
        if (pgFolder != null) {
            folders.add(pgFolder);
        }
        return new Result(tables, changes, slotsLeft, folders, reads);
    }

    private void start() throws Exception {
        folder = Files.createTempDirectory("dualmigrate-demo-");
        pg = EmbeddedPostgres.start();
        pg.createDatabase(ShopSchema.OLD_DATABASE);
        pg.createDatabase(ShopSchema.NEW_DATABASE);
        old = pg.connect(ShopSchema.OLD_DATABASE);
        neu = pg.connect(ShopSchema.NEW_DATABASE);
        pgFolder = Path.of(Sql.rows(old, "SHOW data_directory").get(0)).getParent();
        console.line(
                "PostgreSQL 14 (embedded) on 127.0.0.1:"
                        + pg.port()
                        + ", databases "
                        + ShopSchema.OLD_DATABASE
                        + " (OLD) and "
                        + ShopSchema.NEW_DATABASE
                        + " (NEW)");

        ShopSchema.create(old, neu);
        ShopSchema.load(old, CUSTOMERS, ORDERS);
        console.line(
                String.format(
                        "OLD loaded: %,d customers, %,d orders, %,d order_lines (key: order_id,"
                                + " line_no)%nNEW is empty; it renames customers.full_name to"
                                + " name, drops phone and adds source_system = '%s'",
                        Sql.queryLong(old, "SELECT count(*) FROM customers"),
                        Sql.queryLong(old, "SELECT count(*) FROM orders"),
                        Sql.queryLong(old, "SELECT count(*) FROM order_lines"),
                        ShopSchema.SOURCE_SYSTEM));

        migration = writeMigrationFile();
        MigrationConfig config = MigrationConfigLoader.load(migration);
        cluster = LocalCluster.start(folder.resolve("flink"), 2);
        StreamExecutionEnvironment env = cluster.environment();
        ReplicationJob.build(env, config);
        job = cluster.submit(env, "dualmigrate replication: " + config.name);
        console.line(
                "Replication job running (snapshot of OLD, then its change stream) from "
                        + migration
                        + "\nFlink web UI: "
                        + cluster.webUi());
        shadow =
                ShadowDemo.start(
                        console,
                        old,
                        neu,
                        pg.port(),
                        folder,
                        folder.resolve(PASSWORD_FILE),
                        cluster);

        LagTracker lag = new LagTracker(ShopApplication.walPosition(old));
        app = new ShopApplication(pg.connect(ShopSchema.OLD_DATABASE), rate, lag);
        progress =
                new ProgressReporter(
                        console,
                        pg.connect(ShopSchema.NEW_DATABASE),
                        ShopSchema.TABLES,
                        app,
                        lag,
                        job);
        app.start();
        progress.start(PROGRESS_EVERY);
        console.line(
                String.format(
                        "Simulated application writing ~%d changes/s into OLD for %s; Ctrl-C"
                                + " stops it early.%nEvery %d s: changes made, live rows in NEW,"
                                + " and the lag (age of the oldest change not yet in NEW)",
                        rate, describe(duration), PROGRESS_EVERY.toSeconds()));
    }

    /** The migration file, with the password in a file beside it that only we can read. */
    private Path writeMigrationFile() throws Exception {
        Path password = folder.resolve(PASSWORD_FILE);
        Files.createFile(
                password,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        Path migration = folder.resolve("migration.yaml");
        Files.writeString(migration, ShopSchema.migrationYaml(pg.port(), password));
        return migration;
    }

    /** Returns when the duration is over, Ctrl-C was pressed, or the job or the app gave up. */
    private void awaitStop(StopSignal stop) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                console.line("Duration reached.");
                return;
            }
            if (stop.await(Duration.ofNanos(Math.min(left, 1_000_000_000L)))) {
                console.line("Stopping on request.");
                return;
            }
            if (job.getJobExecutionResult().isDone()) {
                console.line("The replication job ended: " + LocalCluster.outcome(job));
                return;
            }
            if (app.failure() != null) {
                return;
            }
        }
    }

    /** What last-write-wins and the sink did, from the job's own metrics. */
    private void printCounters() {
        try {
            // The REST API serves metrics at most a second old; let the last batch show up.
            Thread.sleep(1_500);
            Map<String, Long> c = new JobCounters(cluster.webUi(), job.getJobID()).read();
            console.line(
                    String.format(
                            "Job counters: %,d snapshot rows read, %,d changes applied; dropped"
                                    + " by last-write-wins: %,d stale, %,d duplicate;%n%,d rows"
                                    + " written to NEW, %,d without effect (NEW newer, or a"
                                    + " delete of a row NEW never had), %,d dead letters",
                            c.getOrDefault("snapshotRowsRead", 0L),
                            c.getOrDefault("changesApplied", 0L),
                            c.getOrDefault("staleDropped", 0L),
                            c.getOrDefault("duplicatesDropped", 0L),
                            c.getOrDefault("rowsApplied", 0L),
                            c.getOrDefault("rowsSkippedNewerInTarget", 0L),
                            c.getOrDefault("deadLetters", 0L)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            console.line("Job counters unavailable: " + e.getMessage());
        }
    }

    private String jobStatus() {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS).toString();
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        return s >= 120 && s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    /** Tears everything down; safe to call more than once and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> done = new ArrayList<>();
        if (progress != null) {
            attempt("stop the progress lines", progress::close);
        }
        if (app != null) {
            attempt(
                    "stop the application",
                    () -> {
                        app.stop();
                        app.close();
                    });
        }
        if (job != null) {
            attempt("cancel the job", () -> job.cancel().get(30, TimeUnit.SECONDS));
        }
        if (shadow != null) {
            attempt("cancel the shadow-read job", shadow::cancelJob);
        }
        if (cluster != null && attempt("stop Flink", cluster::close)) {
            done.add(job != null ? "jobs cancelled" : "Flink stopped");
        }
        if (shadow != null && attempt("stop Kafka", shadow::close)) {
            done.add("Kafka stopped");
        }
        if (old != null) {
            String slot = "dualmigrate_" + ShopSchema.MIGRATION;
            attempt(
                    "drop the replication slots",
                    () -> {
                        int dropped = ReplicationSlots.dropWhenInactive(old, slot, 10_000);
                        slotsLeft =
                                Sql.queryLong(
                                        old,
                                        "SELECT count(*) FROM pg_replication_slots WHERE"
                                                + " slot_name LIKE '"
                                                + slot.replace("_", "\\_")
                                                + "%'");
                        done.add(
                                dropped
                                        + (dropped == 1
                                                ? " replication slot"
                                                : " replication slots")
                                        + " dropped");
                    });
            attempt("close the connections", old::close);
        }
        if (neu != null) {
            attempt("close the connections", neu::close);
        }
        if (pg != null && attempt("stop PostgreSQL", pg::close)) {
            done.add("PostgreSQL stopped");
        }
        if (folder != null && attempt("delete " + folder, () -> TempFolder.delete(folder))) {
            done.add("temp folders deleted");
        }
        console.line("Cleaned up: " + String.join(", ", done) + ".");
    }

    private interface Step {
        void run() throws Exception;
    }

    private boolean attempt(String what, Step step) {
        try {
            step.run();
            return true;
        } catch (Exception e) {
            console.line("Could not " + what + ": " + e);
            return false;
        }
    }
}
