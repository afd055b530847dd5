package io.dualmigrate.demo;

import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.demo.ConvergenceCheck.TableResult;
import io.dualmigrate.jobs.ReplicationJob;
import io.dualmigrate.schema.Teardown;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.FlinkRest;
import io.dualmigrate.testkit.ProjectFiles;
import io.dualmigrate.testkit.Sql;
import io.dualmigrate.testkit.StandaloneCluster;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The soak run: the demo's shop application writes to OLD at a steady rate for a long time while
 * the replication job runs on a standalone Flink cluster (separate JobManager and TaskManager JVMs)
 * and a random TaskManager is killed with {@code kill -9} now and then and replaced. At the end the
 * application stops, NEW must catch up and every table must converge.
 *
 * <p>Reports the changes the application made, the lag (age of the oldest change not yet in NEW,
 * sampled every second) as percentiles, every kill with the time until the job ran again, and the
 * final convergence. Not a test: a command ({@code ./dualmigrate soak}) whose output goes into
 * docs/BENCHMARKS.md.
 */
final class Soak implements AutoCloseable {

    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    /** One kill and how long the job took to run again. */
    record Recovery(double atSeconds, String taskManager, double recoverySeconds) {}

    private final Duration duration;
    private final int rate;
    private final Duration killEvery;
    private final Console console;
    private final SplittableRandom random = new SplittableRandom();

    private Path folder;
    private EmbeddedPostgres pg;
    private StandaloneCluster cluster;
    private Path migration;
    private ShopApplication app;

    Soak(Duration duration, int rate, Duration killEvery, PrintStream out) {
        this.duration = duration;
        this.rate = rate;
        this.killEvery = killEvery;
        this.console = new Console(out);
    }

    /** Runs the soak; returns true when every table converged. */
    boolean run(StopSignal stop) throws Exception {
        folder = Files.createTempDirectory("dualmigrate-soak-");
        pg = EmbeddedPostgres.start();
        pg.createDatabase(ShopSchema.OLD_DATABASE);
        pg.createDatabase(ShopSchema.NEW_DATABASE);
        try (Connection old = pg.connect(ShopSchema.OLD_DATABASE);
                Connection neu = pg.connect(ShopSchema.NEW_DATABASE)) {
            ShopSchema.create(old, neu);
            ShopSchema.load(old, Demo.CUSTOMERS, Demo.ORDERS);
            Sql.exec(old, "ANALYZE;\n");
            migration = writeMigrationFile();

            ProjectFiles project = ProjectFiles.find();
            cluster =
                    StandaloneCluster.start(
                            new StandaloneCluster.Settings(
                                    folder.resolve("flink"),
                                    project.flinkClasspath(),
                                    2,
                                    1,
                                    project.log4jSettings(),
                                    Map.of(),
                                    true));
            console.line(
                    "Standalone Flink cluster up: JobManager + 2 TaskManagers (1 slot each), web UI "
                            + cluster.webUi());
            String job =
                    cluster.submit(
                            project.jobJar(),
                            new FlinkRest.Submission(
                                    ReplicationJob.class.getName(),
                                    List.of("--config", migration.toString()),
                                    2,
                                    null));
            cluster.awaitRunning(job, Duration.ofSeconds(120));
            console.line("Replication job " + job + " running (parallelism 2).");

            LagTracker lag = new LagTracker(ShopApplication.walPosition(old));
            app = new ShopApplication(pg.connect(ShopSchema.OLD_DATABASE), rate, lag);
            app.start();
            console.line(
                    String.format(
                            "Application writing ~%d changes/s for %d s; a random TaskManager is"
                                    + " killed (kill -9) about every %d s and replaced.",
                            rate, duration.toSeconds(), killEvery.toSeconds()));

            // Sampled on its own thread, so that the lag while the job recovers counts too.
            List<Long> lagSamples = Collections.synchronizedList(new ArrayList<>());
            Connection sampling = pg.connect(ShopSchema.NEW_DATABASE);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> {
                        try {
                            lagSamples.add(lag.lagMillis(appliedLsn(sampling), System.nanoTime()));
                        } catch (Exception e) {
                            console.line("Lag sample failed: " + e.getMessage());
                        }
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
            List<Recovery> recoveries = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long nextKill = start + jitter(killEvery);
            long nextProgress = start + PROGRESS_EVERY.toNanos();
            while (System.nanoTime() < end && app.failure() == null) {
                if (stop.await(Duration.ofMillis(500))) {
                    console.line("Stopping on request.");
                    break;
                }
                if (System.nanoTime() >= nextKill) {
                    recoveries.add(killAndReplace(job, (System.nanoTime() - start) / 1e9));
                    nextKill = System.nanoTime() + jitter(killEvery);
                }
                if (System.nanoTime() >= nextProgress) {
                    console.line(
                            String.format(
                                    "app %,d changes | lag %.1f s | kills %d | job %s",
                                    app.changes(),
                                    lastSample(lagSamples) / 1000.0,
                                    recoveries.size(),
                                    cluster.rest().jobState(job)));
                    nextProgress += PROGRESS_EVERY.toNanos();
                }
            }
            app.stop();
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
            sampling.close();
            double ranFor = (System.nanoTime() - start) / 1e9;
            if (app.failure() != null) {
                console.line("The application failed: " + app.failure());
            }
            console.line(
                    String.format(
                            "Application stopped after %,d changes (%s); waiting up to %d s for"
                                    + " NEW to catch up...",
                            app.changes(), app.breakdown(), CATCH_UP_TIMEOUT.toSeconds()));
            long stoppedAt = System.nanoTime();
            List<TableResult> tables =
                    new ConvergenceCheck(old, neu, ShopSchema.TABLES)
                            .awaitConverged(CATCH_UP_TIMEOUT);
            double catchUp = (System.nanoTime() - stoppedAt) / 1e9;
            long restarts = cluster.rest().lowestAttempt(job);
            String state = cluster.rest().jobState(job);
            report(ranFor, lagSamples, recoveries, restarts, state, catchUp, tables);
            return ConvergenceCheck.allConverged(tables) && app.failure() == null;
        }
    }

    private static long lastSample(List<Long> samples) {
        synchronized (samples) {
            return samples.isEmpty() ? 0 : samples.get(samples.size() - 1);
        }
    }

    private Recovery killAndReplace(String job, double at) throws Exception {
        List<String> alive = cluster.taskManagers();
        String victim = alive.get(random.nextInt(alive.size()));
        int attempt = cluster.rest().lowestAttempt(job);
        long killed = System.nanoTime();
        cluster.killTaskManager(victim);
        cluster.startTaskManager();
        while (cluster.rest().lowestAttempt(job) <= attempt
                || !cluster.rest().allTasksRunning(job)) {
            String state = cluster.rest().jobState(job);
            if (state.equals("FAILED") || state.equals("CANCELED")) {
                throw new IllegalStateException("the job is " + state + " after killing " + victim);
            }
            if (System.nanoTime() - killed > Duration.ofMinutes(2).toNanos()) {
                throw new IllegalStateException(
                        "the job did not recover within 2 min: "
                                + state
                                + ", lowest attempt "
                                + cluster.rest().lowestAttempt(job)
                                + ", TaskManagers registered "
                                + cluster.rest().taskManagers()
                                + ", vertices "
                                + cluster.rest()
                                        .get("/jobs/" + job)
                                        .path("vertices")
                                        .findValuesAsText("status"));
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - killed) / 1e9;
        console.line(
                String.format(
                        "killed %s (kill -9) at %.0f s, replacement started; job running again"
                                + " after %.1f s",
                        victim, at, seconds));
        return new Recovery(at, victim, seconds);
    }

    /** The WAL position NEW has applied: the newest version in any table. */
    private static long appliedLsn(Connection neu) throws Exception {
        return Sql.queryLong(
                neu,
                "SELECT greatest("
                        + ShopSchema.TABLES.stream()
                                .map(
                                        t ->
                                                "coalesce((SELECT max(_dm_version) FROM "
                                                        + t.name()
                                                        + "), 0)")
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    /** Between half and one and a half times {@code every}, so kills hit every phase. */
    private long jitter(Duration every) {
        return (long) (every.toNanos() * (0.5 + random.nextDouble()));
    }

    private void report(
            double ranFor,
            List<Long> lagSamples,
            List<Recovery> recoveries,
            long restarts,
            String state,
            double catchUp,
            List<TableResult> tables) {
        List<Long> sorted;
        synchronized (lagSamples) {
            sorted = new ArrayList<>(lagSamples);
        }
        Collections.sort(sorted);
        PrintStream out = console.out();
        out.println();
        out.println("Soak result");
        out.printf(
                "  ran %.0f s at %d changes/s: %,d changes in OLD (%s), %.0f/s%n",
                ranFor, rate, app.changes(), app.breakdown(), app.changes() / ranFor);
        out.printf(
                "  lag (age of the oldest change not in NEW, 1 sample/s, %d samples):"
                        + " p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s%n",
                sorted.size(),
                percentile(sorted, 0.50),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                percentile(sorted, 1.0));
        out.printf(
                "  TaskManager kills: %d; job restarts (execution attempt of its tasks): %d; job %s"
                        + " at the end%n",
                recoveries.size(), restarts, state);
        for (Recovery r : recoveries) {
            out.printf(
                    "    at %4.0f s killed %s, running again after %.1f s%n",
                    r.atSeconds(), r.taskManager(), r.recoverySeconds());
        }
        if (!recoveries.isEmpty()) {
            List<Double> times =
                    recoveries.stream().map(Recovery::recoverySeconds).sorted().toList();
            out.printf(
                    "  recovery (kill to all tasks running): median %.1f s, max %.1f s%n",
                    times.get(times.size() / 2), times.get(times.size() - 1));
        }
        out.printf("  NEW caught up %.1f s after the application stopped%n", catchUp);
        out.println();
        ConvergenceCheck.print(tables, out);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }

    private Path writeMigrationFile() throws Exception {
        Path password = folder.resolve("pg-password");
        Files.createFile(
                password,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        Path file = folder.resolve("migration.yaml");
        Files.writeString(file, ShopSchema.migrationYaml(pg.port(), password));
        return file;
    }

    /** Stops the application and the cluster, drops the slots, stops PostgreSQL. */
    @Override
    public synchronized void close() {
        List<String> problems = new ArrayList<>();
        if (app != null) {
            attempt(
                    problems,
                    "stop the application",
                    () -> {
                        app.stop();
                        app.close();
                    });
            app = null;
        }
        if (cluster != null) {
            attempt(problems, "stop Flink", cluster::close);
            cluster = null;
        }
        if (migration != null && pg != null) {
            attempt(
                    problems,
                    "drop the replication slots",
                    () -> {
                        new Teardown(MigrationConfigLoader.load(migration)).run();
                    });
        }
        if (pg != null) {
            attempt(problems, "stop PostgreSQL", pg::close);
            pg = null;
        }
        if (folder != null) {
            attempt(problems, "delete " + folder, () -> TempFolder.delete(folder));
            folder = null;
        }
        console.line(problems.isEmpty() ? "Cleaned up." : "Cleanup problems: " + problems);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void attempt(List<String> problems, String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            problems.add("could not " + what + ": " + e);
        }
    }
}
