package io.dualmigrate.bench;

import io.dualmigrate.bench.Report.Better;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The replication benchmark: dualmigrate's replication job against PostgreSQL's native logical
 * replication, side by side, on one embedded PostgreSQL server.
 *
 * <ol>
 *   <li><b>Snapshot</b>: OLD holds {@code --rows} rows; dualmigrate copies them into NEW, then a
 *       native subscription's initial table sync copies them into SUB (one after the other, so
 *       neither competes with the other for the CPU).
 *   <li><b>Streaming</b>: with both replications running, one writer commits {@code --updates}
 *       updates to OLD as fast as it can, {@code --writer-batch} per transaction; each replica's
 *       throughput and its time to converge after the last commit.
 *   <li><b>Lag</b>: a paced writer commits {@code --rate} changes per second for {@code
 *       --lag-seconds}; lag is {@code applied_at - written_at} of every changed row, both stamped
 *       by the same server's {@code clock_timestamp()}.
 * </ol>
 *
 * <p>Every replica is checked against OLD (row count and checksum of all columns) before its
 * figures count. The Flink job, the replication slots, the subscription, the publications, the
 * server and the temporary folders are removed at the end, also on failure; on Ctrl-C the embedded
 * server is stopped and deleted, and its slots with it.
 *
 * <pre>
 * ./dualmigrate bench replication --rows 1000000 --updates 200000 --rate 2000 --report out.md
 * </pre>
 */
public final class ReplicationBenchmark {

    static final String OLD_DB = "bench_old";
    static final String NEW_DB = "bench_new";
    static final String SUB_DB = "bench_sub";
    static final String WRITER_APP = "bench-writer";

    private final BenchOptions options;
    private final Report report;
    private final Cleanup cleanup = new Cleanup();

    private EmbeddedPostgres pg;
    private Connection old;
    private Connection writer;
    private Target neu;
    private Target sub;
    private DualmigrateReplication dualmigrate;
    private NativeReplication nativeRepl;
    private CpuSampler cpu;
    private FlinkMetrics flink;
    private Workload workload;

    private ReplicationBenchmark(BenchOptions options) {
        this.options = options;
        this.report = new Report(options, Machine.describe());
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "dualmigrate-bench-log4j2.properties");
        }
        if (BenchOptions.wantsHelp(args)) {
            System.out.print(BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.usage());
            System.exit(2);
            return;
        }
        // Flink and Debezium leave non-daemon threads behind: exit explicitly
        System.exit(new ReplicationBenchmark(options).run());
    }

    private int run() {
        long wallStart = System.nanoTime();
        report.startedAt =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(Instant.now().atOffset(ZoneOffset.UTC));
        report.loadBefore = Machine.loadAverage();
        Thread loadWatch = watchLoad();
        Thread hook = new Thread(cleanup::run, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Console.phase("dualmigrate replication benchmark");
        Console.info(
                "machine: %d × %s, %s; %s",
                report.machine.cpus,
                report.machine.cpuModel,
                report.machine.memory,
                report.machine.java);
        Console.info("load average before: %s", report.loadBefore);
        try {
            setUp();
            snapshot();
            streaming();
            lag();
        } catch (Throwable e) {
            report.failure = e.toString();
            Console.progressDone();
            System.err.println("\nThe benchmark failed:");
            e.printStackTrace();
        } finally {
            report.loadAfter = Machine.loadAverage();
            loadWatch.interrupt();
            Console.phase("cleaning up (Flink job, replication slots, subscription, temp folders)");
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        report.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        Console.phase("results");
        System.out.print(report.console());
        if (options.report != null) {
            try {
                Path file = Path.of(options.report);
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, report.markdown());
                Console.info("report written to %s", file.toAbsolutePath());
            } catch (Exception e) {
                System.err.println("Cannot write the report to " + options.report + ": " + e);
                return 1;
            }
        }
        return report.failure == null ? 0 : 1;
    }

    private Thread watchLoad() {
        Thread t =
                new Thread(
                        () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                double load = Machine.loadAverage1();
                                if (Double.isNaN(report.loadPeak) || load > report.loadPeak) {
                                    report.loadPeak = load;
                                }
                                try {
                                    Thread.sleep(2_000);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "bench-load-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---------------------------------------------------------------- set-up

    private void setUp() throws Exception {
        Path work = Files.createTempDirectory("dualmigrate-bench");
        cleanup.add("temporary folder " + work, () -> deleteRecursively(work));
        Console.phase("set-up");
        pg = EmbeddedPostgres.start();
        cleanup.add("embedded PostgreSQL", pg::close);
        for (String db : List.of(OLD_DB, NEW_DB, SUB_DB)) {
            pg.createDatabase(db);
        }
        old = connect(OLD_DB, "bench-checks");
        writer = connect(OLD_DB, WRITER_APP);
        // the server runs with synchronous_commit off (a test server); an application's commit
        // flushes WAL, which is also what wakes the WAL senders of both replications at once
        BenchTable.exec(writer, "SET synchronous_commit = on");
        Connection newConnection = connect(NEW_DB, "bench-checks");
        Connection subConnection = connect(SUB_DB, "bench-checks");
        Connection monitor = connect("postgres", "bench-monitor");
        cleanup.add(
                "connections",
                () -> {
                    for (Connection c :
                            List.of(old, writer, newConnection, subConnection, monitor)) {
                        c.close();
                    }
                });
        neu = new Target("dualmigrate", newConnection, "NOT _dm_deleted");
        sub = new Target("native", subConnection, null);
        String version = Sql.rows(old, "SELECT version()").get(0);
        report.machine.postgres =
                version.contains(", compiled")
                        ? version.substring(0, version.indexOf(", compiled"))
                        : version;
        Console.info("PostgreSQL: %s on port %d", report.machine.postgres, pg.port());
        settings();

        BenchTable.createInOld(old);
        BenchTable.createInNew(newConnection);
        BenchTable.createInSubscriber(subConnection);
        long loadStart = System.nanoTime();
        Workload.load(writer, options.rows);
        BenchTable.exec(old, "VACUUM (ANALYZE) " + BenchTable.NAME, "CHECKPOINT");
        Console.info(
                "OLD loaded: %,d rows in %.1f s (%s)",
                options.rows,
                (System.nanoTime() - loadStart) / 1e9,
                Sql.rows(old, "SELECT pg_size_pretty(pg_table_size('" + BenchTable.NAME + "'))")
                        .get(0));
        workload = new Workload(options.rows);

        // runs after the steps added below: says whether they left anything behind
        cleanup.add(
                "check for leftovers",
                () ->
                        Console.info(
                                "left behind in OLD: %s replication slots, %s publications,"
                                        + " %s subscriptions in SUB",
                                Sql.queryLong(old, "SELECT count(*) FROM pg_replication_slots"),
                                Sql.queryLong(old, "SELECT count(*) FROM pg_publication"),
                                Sql.queryLong(
                                        subConnection, "SELECT count(*) FROM pg_subscription")));
        flink = FlinkMetrics.onFreePort();
        cleanup.add("Flink metrics sampler", flink);
        dualmigrate =
                new DualmigrateReplication(
                        pg, options, work.resolve("flink"), old, OLD_DB, NEW_DB, flink.port());
        cleanup.add("dualmigrate job, slots and publication", dualmigrate);
        nativeRepl = new NativeReplication(pg, OLD_DB, old, subConnection);
        cleanup.add("native subscription, slots and publication", nativeRepl);
        cpu = new CpuSampler(monitor);
        cleanup.add("CPU sampler", cpu);
    }

    private void settings() {
        report.settings.put(
                "OLD, NEW and SUB",
                "three databases on one embedded PostgreSQL server"
                        + " (fsync off, full_page_writes off, synchronous_commit off except for the"
                        + " writer's session, which commits like an application: on)");
        report.settings.put(
                "table",
                "`"
                        + BenchTable.NAME
                        + "`: bigint key, 2 integers, 2 numerics,"
                        + " text, varchar, timestamp, rev integer, written_at timestamptz;"
                        + " REPLICA IDENTITY FULL");
        report.settings.put(
                "rows / updates / rate",
                String.format(
                        Locale.ROOT,
                        "%,d rows; %,d updates, %,d per transaction; %,d changes/s for %d s",
                        options.rows,
                        options.updates,
                        options.writerBatch,
                        options.rate,
                        options.lagDuration.toSeconds()));
        report.settings.put(
                "Flink",
                String.format(
                        Locale.ROOT,
                        "local MiniCluster in the benchmark's JVM, parallelism %d, RocksDB (incremental),"
                                + " checkpoints every %s, execution.buffer-timeout %s",
                        options.parallelism,
                        human(options.checkpointInterval),
                        human(options.bufferTimeout)));
        report.settings.put(
                "migration file",
                String.format(
                        Locale.ROOT,
                        "target.batch-size %d, target.flush-interval %s, source.poll-interval %s,"
                                + " source.snapshot.chunk-size %d, source.snapshot.fetch-size %d;"
                                + " LSN versions",
                        options.batchSize,
                        human(options.flushInterval),
                        human(options.pollInterval),
                        options.chunkSize,
                        options.fetchSize));
        report.settings.put(
                "native",
                "PUBLICATION in OLD, slot created first, SUBSCRIPTION in SUB"
                        + " (create_slot = false, copy_data = true); PostgreSQL defaults otherwise");
    }

    // ---------------------------------------------------------------- phase 1

    private void snapshot() throws Exception {
        String phase = "snapshot";
        Convergence.Summary expected =
                Convergence.summarize(old, BenchTable.NAME, BenchTable.COLUMNS, null);

        Console.phase(
                String.format("1/3 snapshot: dualmigrate copies %,d rows OLD → NEW", options.rows));
        CpuSampler.Mark m0 = cpu.mark();
        long dmStart = ServerClock.micros(old);
        dualmigrate.start();
        flink.startWindow();
        Watch.all(
                "dualmigrate snapshot",
                List.of(
                        new Watch(
                                "NEW",
                                () -> neu.tableStatistic("n_tup_ins"),
                                options.rows,
                                neu::count,
                                options.rows)),
                options.timeout,
                dualmigrate::checkRunning);
        CpuSampler.Mark m1 = cpu.mark();
        report.flink.put("snapshot", flink.stopWindow());
        CpuSampler.Usage dmCpu = new CpuSampler.Usage(m0, m1);
        report.cpu.put("snapshot: dualmigrate", dmCpu);
        boolean dmEqual = verify(neu, expected, phase);
        Target.Applied dm = neu.appliedSince(dmStart);

        Console.phase(
                String.format(
                        "1/3 snapshot: native logical replication copies %,d rows OLD → SUB",
                        options.rows));
        CpuSampler.Mark n0 = cpu.mark();
        long natStart = ServerClock.micros(old);
        nativeRepl.start();
        Watch.all(
                "native snapshot",
                List.of(
                        new Watch(
                                "SUB",
                                () -> sub.tableStatistic("n_tup_ins"),
                                options.rows,
                                () -> nativeRepl.synced() ? sub.count() : -1,
                                options.rows)),
                options.timeout,
                dualmigrate::checkRunning);
        CpuSampler.Mark n1 = cpu.mark();
        CpuSampler.Usage natCpu = new CpuSampler.Usage(n0, n1);
        report.cpu.put("snapshot: native", natCpu);
        boolean natEqual = verify(sub, expected, phase);
        Target.Applied nat = sub.appliedSince(natStart);

        double dmTotal = (dm.lastMicros - dmStart) / 1e6;
        double natTotal = (nat.lastMicros - natStart) / 1e6;
        report.add(
                phase,
                "rows copied, equal to OLD" + equalMark(dmEqual, natEqual),
                (double) dm.rows,
                (double) nat.rows,
                Better.NONE,
                0);
        report.add(
                phase, "time from start until converged (s)", dmTotal, natTotal, Better.LOWER, 1);
        report.add(
                phase,
                "  of which start-up until first row (s)",
                (dm.firstMicros - dmStart) / 1e6,
                (nat.firstMicros - natStart) / 1e6,
                Better.LOWER,
                1);
        report.add(
                phase,
                "rows/s, start to converged",
                dm.rows / dmTotal,
                nat.rows / natTotal,
                Better.HIGHER,
                0);
        report.add(
                phase,
                "rows/s, first to last row",
                dm.perSecondWhileApplying(),
                nat.perSecondWhileApplying(),
                Better.HIGHER,
                0);
        report.add(
                phase,
                "CPU per row copied (µs)",
                1e6 * dmCpu.dualmigrateSeconds() / dm.rows,
                1e6 * natCpu.nativeSeconds() / nat.rows,
                Better.LOWER,
                0);
        Console.info(
                "dualmigrate: %.1f s (%,.0f rows/s); native: %.1f s (%,.0f rows/s)",
                dmTotal, dm.rows / dmTotal, natTotal, nat.rows / natTotal);
    }

    private void addWriterRate(String phase, Workload.Written w) {
        report.add(
                phase,
                "OLD writer: changes/s committed",
                w.perSecond(),
                w.perSecond(),
                Better.NONE,
                0);
    }

    /** Both replicas' time to converge after the writer's last commit, and CPU per change. */
    private void addConvergenceAndCpu(
            String phase,
            Workload.Written w,
            long dmLastMicros,
            long natLastMicros,
            CpuSampler.Usage usage,
            double dmChanges,
            double natChanges) {
        report.add(
                phase,
                "converged after the last commit (s)",
                (dmLastMicros - w.lastCommitMicros) / 1e6,
                (natLastMicros - w.lastCommitMicros) / 1e6,
                Better.LOWER,
                2);
        report.add(
                phase,
                "CPU per change applied (µs)",
                1e6 * usage.dualmigrateSeconds() / dmChanges,
                1e6 * usage.nativeSeconds() / natChanges,
                Better.LOWER,
                0);
    }

    // ---------------------------------------------------------------- phase 2

    private void streaming() throws Exception {
        String phase = "streaming";
        Console.phase(
                String.format(
                        "2/3 streaming: %,d updates, %,d per transaction, as fast as one writer can",
                        options.updates, options.writerBatch));
        long updBefore = neu.tableStatistic("n_tup_upd");
        long subUpdBefore = sub.tableStatistic("n_tup_upd");
        CpuSampler.Mark m0 = cpu.mark();
        flink.startWindow();
        Workload.Written w = workload.burst(writer, options.updates, options.writerBatch);
        Console.info(
                "writer: %,d updates committed in %.1f s (%,.0f changes/s, %,d transactions)",
                w.changes, w.seconds(), w.perSecond(), w.transactions);
        awaitBoth("streaming", updBefore, subUpdBefore, w.changes);
        CpuSampler.Mark m1 = cpu.mark();
        CpuSampler.Usage usage = new CpuSampler.Usage(m0, m1);
        report.cpu.put("streaming (both running)", usage);
        report.flink.put("streaming", flink.stopWindow());
        Convergence.Summary expected =
                Convergence.summarize(old, BenchTable.NAME, BenchTable.COLUMNS, null);
        boolean dmEqual = verify(neu, expected, phase);
        boolean natEqual = verify(sub, expected, phase);
        Target.Applied dm = neu.appliedSince(w.firstMicros);
        Target.Applied nat = sub.appliedSince(w.firstMicros);

        double dmRate = dm.rows / ((dm.lastMicros - w.firstMicros) / 1e6);
        double natRate = nat.rows / ((nat.lastMicros - w.firstMicros) / 1e6);
        addWriterRate(phase, w);
        report.add(
                phase,
                "changes applied, equal to OLD" + equalMark(dmEqual, natEqual),
                (double) dm.rows,
                (double) nat.rows,
                Better.NONE,
                0);
        report.add(
                phase,
                "changes/s applied (first write to last applied)",
                dmRate,
                natRate,
                Better.HIGHER,
                0);
        report.add(
                phase,
                "changes/s while applying (first to last applied)",
                dm.perSecondWhileApplying(),
                nat.perSecondWhileApplying(),
                Better.HIGHER,
                0);
        addConvergenceAndCpu(phase, w, dm.lastMicros, nat.lastMicros, usage, dm.rows, nat.rows);
        report.goals.add(
                new Report.Goal(
                        "streamed changes at least as fast as native logical replication",
                        dmEqual && dmRate >= natRate,
                        String.format(
                                Locale.ROOT,
                                "%,.0f vs %,.0f changes/s (ratio %.2f)",
                                dmRate,
                                natRate,
                                dmRate / natRate)));
        Console.info("dualmigrate %,.0f changes/s, native %,.0f changes/s", dmRate, natRate);
    }

    // ---------------------------------------------------------------- phase 3

    private void lag() throws Exception {
        String phase = "lag";
        Console.phase(
                String.format(
                        "3/3 lag: %,d changes/s for %d s, both replications running",
                        options.rate, options.lagDuration.toSeconds()));
        long updBefore = neu.tableStatistic("n_tup_upd");
        long subUpdBefore = sub.tableStatistic("n_tup_upd");
        CpuSampler.Mark m0 = cpu.mark();
        flink.startWindow();
        Workload.Written w = workload.paced(writer, options.rate, options.lagDuration.toSeconds());
        report.flink.put("lag", flink.stopWindow());
        CpuSampler.Mark m1 = cpu.mark();
        CpuSampler.Usage usage = new CpuSampler.Usage(m0, m1);
        report.cpu.put("lag (both running)", usage);
        Console.info(
                "writer: %,d updates in %.1f s (%,.0f changes/s, %,d transactions)",
                w.changes, w.seconds(), w.perSecond(), w.transactions);
        awaitBoth("lag", updBefore, subUpdBefore, w.changes);
        Convergence.Summary expected =
                Convergence.summarize(old, BenchTable.NAME, BenchTable.COLUMNS, null);
        boolean dmEqual = verify(neu, expected, phase);
        boolean natEqual = verify(sub, expected, phase);
        Target.Lag dm = neu.lagSince(w.firstMicros);
        Target.Lag nat = sub.lagSince(w.firstMicros);
        Target.Applied dmApplied = neu.appliedSince(w.firstMicros);
        Target.Applied natApplied = sub.appliedSince(w.firstMicros);
        report.lags.put(phase, new Target.Lag[] {dm, nat});

        addWriterRate(phase, w);
        report.add(
                phase,
                "changes measured, equal to OLD" + equalMark(dmEqual, natEqual),
                (double) dm.samples,
                (double) nat.samples,
                Better.NONE,
                0);
        report.add(phase, "lag p50 (ms)", dm.p50, nat.p50, Better.LOWER, 1);
        report.add(phase, "lag p95 (ms)", dm.p95, nat.p95, Better.LOWER, 1);
        report.add(phase, "lag p99 (ms)", dm.p99, nat.p99, Better.LOWER, 1);
        report.add(phase, "lag max (ms)", dm.max, nat.max, Better.LOWER, 1);
        report.add(phase, "lag mean (ms)", dm.mean, nat.mean, Better.LOWER, 1);
        addConvergenceAndCpu(
                phase, w, dmApplied.lastMicros, natApplied.lastMicros, usage, w.changes, w.changes);
        boolean rateHeld = w.perSecond() >= 0.95 * options.rate;
        report.goals.add(
                new Report.Goal(
                        String.format(
                                Locale.ROOT, "p99 lag under 1 s at %,d changes/s", options.rate),
                        dmEqual && rateHeld && dm.p99 < 1000,
                        String.format(
                                        Locale.ROOT,
                                        "p99 %.0f ms (native %.0f ms) at %,.0f changes/s",
                                        dm.p99,
                                        nat.p99,
                                        w.perSecond())
                                + (rateHeld ? "" : "; the writer did not hold the rate")));
        Console.info(
                "dualmigrate p50/p99/max %.0f/%.0f/%.0f ms; native %.0f/%.0f/%.0f ms",
                dm.p50, dm.p99, dm.max, nat.p50, nat.p99, nat.max);
    }

    // ---------------------------------------------------------------- helpers

    /** Waits for both replicas to hold every change of the phase. */
    private void awaitBoth(String what, long neuBefore, long subBefore, long changes)
            throws Exception {
        long expected = Sql.queryLong(old, "SELECT sum(rev) FROM " + BenchTable.NAME);
        Watch.all(
                what,
                List.of(
                        new Watch(
                                "dualmigrate",
                                () -> neu.tableStatistic("n_tup_upd") - neuBefore,
                                changes,
                                neu::revisions,
                                expected),
                        new Watch(
                                "native",
                                () -> sub.tableStatistic("n_tup_upd") - subBefore,
                                changes,
                                sub::revisions,
                                expected)),
                options.timeout,
                dualmigrate::checkRunning);
    }

    private boolean verify(Target target, Convergence.Summary expected, String phase)
            throws SQLException {
        Convergence.Summary actual = target.summary();
        if (actual.equals(expected)) {
            Console.info("%s: equal to OLD (%s)", target.label, actual);
            return true;
        }
        String message =
                String.format(
                        "%s after the %s phase differs from OLD: OLD %s, %s %s",
                        target.label, phase, expected, target.label, actual);
        Console.info("WARNING: %s", message);
        report.notes.add(message);
        return false;
    }

    private static String equalMark(boolean dm, boolean nat) {
        return dm && nat
                ? ""
                : " (NOT EQUAL: " + (dm ? "" : "dualmigrate ") + (nat ? "" : "native") + ")";
    }

    private Connection connect(String database, String application) throws SQLException {
        return DriverManager.getConnection(
                pg.jdbcUrl(database) + "?ApplicationName=" + application,
                EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD);
    }

    private static String human(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void deleteRecursively(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
