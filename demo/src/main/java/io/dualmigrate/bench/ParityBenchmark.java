package io.dualmigrate.bench;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.demo.LocalCluster;
import io.dualmigrate.jobs.ParityJob;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.parity.ParityRun;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The parity benchmark: two tables of {@code --rows} rows each in OLD and in NEW, with {@code
 * --drift-percent} of the rows drifted in NEW (a third missing, a third changed, a third extra),
 * compared three ways in one run on one embedded PostgreSQL server:
 *
 * <ol>
 *   <li>{@code SELECT count(*)} of both tables on both sides, one after the other: the floor;
 *   <li>the parity job on a local Flink cluster (parallelism {@code --parallelism}), planning and
 *       re-check included, until its run record is written;
 *   <li>a plain full-scan row-by-row comparison: both sides read in key order and merged in Java,
 *       one thread per table.
 * </ol>
 *
 * <p>Every table is read once before the timings (so all three find it cached), the parity job and
 * the plain comparison must both find exactly the injected drift, and everything is removed at the
 * end.
 *
 * <pre>
 * ./dualmigrate bench parity --rows 5000000 --drift-percent 0.01 --report /tmp/parity.md
 * </pre>
 */
public final class ParityBenchmark {

    private static final String[][] FLAGS = {
        {"rows", "5000000", "rows per table (two tables, in OLD and in NEW)"},
        {"drift-percent", "0.01", "share of each table's rows drifted in NEW, in percent"},
        {"parallelism", "2", "parallelism of the parity job"},
        {"range-rows", "20000", "migration file: parity.range-rows"},
        {"leaf-rows", "20000", "migration file: parity.leaf-rows"},
        {"recheck-delay", "1 s", "migration file: parity.recheck-delay"},
        {"report", "", "write the results as a Markdown section to this file"},
    };

    private static final String OLD_DB = "parity_old";
    private static final String NEW_DB = "parity_new";

    /** The two tables: name, columns (keys first), key, DDL body, row generator. */
    private record Table(String name, String columns, String key, String ddl, String select) {}

    private static final List<Table> TABLES =
            List.of(
                    new Table(
                            "accounts",
                            "id, owner, balance, status, opened_at, note",
                            "id",
                            "id bigint PRIMARY KEY, owner text NOT NULL, balance numeric(14,2),"
                                    + " status varchar(12), opened_at timestamptz, note text",
                            "SELECT g, 'owner ' || g, (g % 100000) / 7.0, (ARRAY['open','closed',"
                                    + "'frozen'])[1 + g % 3], timestamptz '2020-01-01 00:00+00' +"
                                    + " g * interval '1 minute', CASE WHEN g % 5 = 0 THEN NULL ELSE"
                                    + " md5(g::text) END FROM generate_series(1, {rows}) g"),
                    new Table(
                            "ledger",
                            "account_id, entry_no, amount, booked_on, memo",
                            "account_id, entry_no",
                            "account_id int, entry_no int, amount numeric(12,2), booked_on date,"
                                    + " memo text, PRIMARY KEY (account_id, entry_no)",
                            "SELECT 1 + (g - 1) / 8, 1 + (g - 1) % 8, (g % 9973) / 3.0, date"
                                    + " '2021-01-01' + g % 1000, 'entry ' || g FROM"
                                    + " generate_series(1, {rows}) g"));

    private final Map<String, String> options;
    private final List<String[]> figures = new ArrayList<>();
    private final Machine machine = Machine.describe();
    private EmbeddedPostgres pg;

    private ParityBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "dualmigrate-bench-log4j2.properties");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String[] flag : FLAGS) {
            options.put(flag[0], flag[1]);
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !options.containsKey(name) || i + 1 >= args.length) {
                System.err.println("bench parity: unexpected '" + args[i] + "'\n" + usage());
                System.exit(2);
            }
            options.put(name, args[++i]);
        }
        int exit;
        ParityBenchmark bench = new ParityBenchmark(options);
        try {
            exit = bench.run();
        } finally {
            bench.stop();
        }
        // Flink leaves non-daemon threads behind: exit explicitly.
        System.exit(exit);
    }

    private static String usage() {
        StringBuilder out = new StringBuilder("Flags of ./dualmigrate bench parity:\n");
        for (String[] flag : FLAGS) {
            out.append(
                    String.format(
                            Locale.ROOT, "  --%-14s %s (default %s)%n", flag[0], flag[2], flag[1]));
        }
        return out.toString();
    }

    private int run() throws Exception {
        long rows = Long.parseLong(options.get("rows"));
        double driftPercent = Double.parseDouble(options.get("drift-percent"));
        int driftPerTable = (int) Math.round(rows * driftPercent / 100);
        String startedAt =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(Instant.now().atOffset(ZoneOffset.UTC));
        String loadBefore = Machine.loadAverage();
        Console.phase("dualmigrate parity benchmark");
        Console.info(
                "machine: %d × %s, %s; %s",
                machine.cpus, machine.cpuModel, machine.memory, machine.java);
        Console.info("load average before: %s", loadBefore);

        Console.phase(
                "set-up: 2 tables × "
                        + String.format(Locale.ROOT, "%,d", rows)
                        + " rows in OLD and NEW");
        pg = EmbeddedPostgres.start();
        pg.createDatabase(OLD_DB);
        pg.createDatabase(NEW_DB);
        try (Connection old = pg.connect(OLD_DB);
                Connection neu = pg.connect(NEW_DB)) {
            machine.postgres = Sql.rows(old, "SHOW server_version").get(0);
            for (Table t : TABLES) {
                long started = System.nanoTime();
                load(old, t, rows, "");
                load(
                        neu,
                        t,
                        rows,
                        ", _dm_version bigint DEFAULT 1, _dm_deleted boolean NOT NULL DEFAULT false");
                Console.info("%s loaded into OLD and NEW in %.0f s", t.name, seconds(started));
            }
            for (Table t : TABLES) {
                injectDrift(neu, t, rows, driftPerTable);
            }
            Console.info("drift injected into NEW: %,d rows per table", driftPerTable);
            for (Connection c : List.of(old, neu)) {
                for (Table t : TABLES) {
                    Sql.exec(c, "VACUUM ANALYZE " + t.name + ";\n");
                }
            }
            Console.phase("warm-up: every table read once");
            countAll(old, neu);

            Console.phase("count(*) of both tables, OLD and NEW, one after the other");
            double count = countAll(old, neu);
            Console.info("%.2f s", count);

            Console.phase("parity job");
            long started = System.nanoTime();
            ParityReport report = parity();
            double parity = seconds(started);
            report.print(System.out);
            Console.info("%.2f s", parity);

            Console.phase("plain full-scan row-by-row comparison");
            started = System.nanoTime();
            long plainDrift = fullScan();
            double plain = seconds(started);
            Console.info("%.2f s, %,d differing keys", plain, plainDrift);

            long expected = 2L * driftPerTable;
            boolean valid = report.drift() == expected && plainDrift == expected;
            figures.add(
                    new String[] {"`SELECT count(*)`, 2 tables × OLD and NEW", fmt(count), "1.0"});
            figures.add(
                    new String[] {"parity job (`--repair` off)", fmt(parity), fmt(parity / count)});
            figures.add(
                    new String[] {
                        "plain full-scan row-by-row comparison", fmt(plain), fmt(plain / count)
                    });
            String markdown =
                    markdown(
                            rows,
                            driftPerTable,
                            report,
                            plainDrift,
                            valid,
                            startedAt,
                            loadBefore,
                            parity / count);
            Console.phase("results");
            System.out.print(markdown);
            if (!options.get("report").isEmpty()) {
                Files.writeString(Path.of(options.get("report")), markdown);
                Console.info("report written to %s", options.get("report"));
            }
            return valid ? 0 : 1;
        }
    }

    private static void load(Connection c, Table t, long rows, String bookkeeping)
            throws SQLException {
        Sql.exec(
                c,
                "CREATE TABLE "
                        + t.name
                        + " ("
                        + t.ddl
                        + bookkeeping
                        + ");\n"
                        + "ALTER TABLE "
                        + t.name
                        + " REPLICA IDENTITY FULL;\n"
                        + "INSERT INTO "
                        + t.name
                        + " ("
                        + t.columns
                        + ") "
                        + t.select.replace("{rows}", Long.toString(rows))
                        + ";\n");
    }

    /** A third of the drift missing in NEW, a third with another value, a third extra keys. */
    private static void injectDrift(Connection neu, Table t, long rows, int drift)
            throws SQLException {
        long every = Math.max(3, rows / Math.max(1, drift));
        int third = drift / 3;
        int extra = drift - 2 * third;
        String pick = t.name.equals("accounts") ? "id" : "((account_id - 1) * 8 + entry_no)";
        Sql.exec(
                neu,
                "DELETE FROM "
                        + t.name
                        + " WHERE "
                        + pick
                        + " % "
                        + every
                        + " = 1 AND "
                        + pick
                        + " <= "
                        + every * third
                        + ";\n"
                        + "UPDATE "
                        + t.name
                        + " SET "
                        + (t.name.equals("accounts") ? "note = 'drift'" : "memo = 'drift'")
                        + " WHERE "
                        + pick
                        + " % "
                        + every
                        + " = 2 AND "
                        + pick
                        + " <= "
                        + every * third
                        + ";\n");
        String insert =
                t.name.equals("accounts")
                        ? "INSERT INTO accounts (id, owner) SELECT "
                                + rows
                                + " + g, 'extra' FROM generate_series(1, "
                                + extra
                                + ") g"
                        : "INSERT INTO ledger (account_id, entry_no) SELECT 1 + (g - 1) / 8, 9 + (g - 1) % 8 FROM generate_series(1, "
                                + extra
                                + ") g";
        Sql.exec(neu, insert + ";\n");
    }

    private static double countAll(Connection old, Connection neu) throws SQLException {
        long started = System.nanoTime();
        for (Connection c : List.of(old, neu)) {
            for (Table t : TABLES) {
                Sql.queryLong(c, "SELECT count(*) FROM " + t.name);
            }
        }
        return seconds(started);
    }

    private ParityReport parity() throws Exception {
        Path folder = Files.createTempDirectory("dualmigrate-bench-parity");
        Path password = folder.resolve("pw");
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        StringBuilder yaml =
                new StringBuilder()
                        .append("migration:\n  name: bench_parity\n")
                        .append(side("source", OLD_DB, password))
                        .append(side("target", NEW_DB, password))
                        .append("parity:\n  range-rows: ")
                        .append(options.get("range-rows"))
                        .append("\n  leaf-rows: ")
                        .append(options.get("leaf-rows"))
                        .append("\n  recheck-delay: ")
                        .append(options.get("recheck-delay"))
                        .append("\ntables:\n");
        for (Table t : TABLES) {
            yaml.append("  - source: public.").append(t.name).append('\n');
        }
        Path file = folder.resolve("migration.yaml");
        Files.writeString(file, yaml);
        MigrationConfig config = MigrationConfigLoader.load(file);
        try (LocalCluster cluster = LocalCluster.start(folder.resolve("flink"))) {
            StreamExecutionEnvironment env = cluster.environment();
            env.setParallelism(Integer.parseInt(options.get("parallelism")));
            ParityRun run = ParityJob.build(env, config, false);
            JobClient job = cluster.submit(env, "bench parity");
            job.getJobExecutionResult().get();
            return ParityReport.read(config.target, run.records, run.runId);
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String side(String section, String database, Path password) {
        return section
                + ":\n  hostname: 127.0.0.1\n  port: "
                + pg.port()
                + "\n  database: "
                + database
                + "\n  username: "
                + EmbeddedPostgres.USER
                + "\n  password-file: "
                + password
                + "\n";
    }

    /** Both sides of each table read in key order and merged; one thread per table. */
    private long fullScan() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(TABLES.size());
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (Table t : TABLES) {
                results.add(threads.submit(() -> compare(t)));
            }
            long total = 0;
            for (Future<Long> f : results) {
                total += f.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private long compare(Table t) throws SQLException {
        String text =
                String.join(
                        ", ",
                        List.of(t.columns.split(", ")).stream()
                                .map(c -> c + "::text AS text_" + c)
                                .toList());
        int keys = t.key.split(", ").length;
        try (Connection old = pg.connect(OLD_DB);
                Connection neu = pg.connect(NEW_DB)) {
            old.setAutoCommit(false);
            neu.setAutoCommit(false);
            try (Statement so = old.createStatement();
                    Statement sn = neu.createStatement()) {
                so.setFetchSize(10_000);
                sn.setFetchSize(10_000);
                try (ResultSet ro =
                                so.executeQuery(
                                        "SELECT "
                                                + text
                                                + " FROM "
                                                + t.name
                                                + " ORDER BY "
                                                + t.key);
                        ResultSet rn =
                                sn.executeQuery(
                                        "SELECT "
                                                + text
                                                + " FROM "
                                                + t.name
                                                + " WHERE NOT _dm_deleted ORDER BY "
                                                + t.key)) {
                    return merge(ro, rn, keys, t.columns.split(", ").length);
                }
            }
        }
    }

    /** Merge join on integer keys: counts keys that are on one side only or differ. */
    private static long merge(ResultSet ro, ResultSet rn, int keys, int columns)
            throws SQLException {
        long differing = 0;
        boolean hasOld = ro.next();
        boolean hasNew = rn.next();
        while (hasOld || hasNew) {
            int cmp = !hasOld ? 1 : !hasNew ? -1 : compareKeys(ro, rn, keys);
            if (cmp < 0) {
                differing++;
                hasOld = ro.next();
            } else if (cmp > 0) {
                differing++;
                hasNew = rn.next();
            } else {
                for (int i = 1; i <= columns; i++) {
                    if (!Objects.equals(ro.getString(i), rn.getString(i))) {
                        differing++;
                        break;
                    }
                }
                hasOld = ro.next();
                hasNew = rn.next();
            }
        }
        return differing;
    }

    private static int compareKeys(ResultSet a, ResultSet b, int keys) throws SQLException {
        for (int i = 1; i <= keys; i++) {
            int c = Long.compare(Long.parseLong(a.getString(i)), Long.parseLong(b.getString(i)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private String markdown(
            long rows,
            int drift,
            ParityReport report,
            long plainDrift,
            boolean valid,
            String startedAt,
            String loadBefore,
            double ratio) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Run %s: 2 tables × %,d rows in OLD and in NEW, %,d drifted rows per table (%s %%);"
                                + " `./dualmigrate bench parity %s`%n%n",
                        startedAt,
                        rows,
                        drift,
                        options.get("drift-percent"),
                        args()));
        out.append("| method | wall time (s) | × count(*) |\n|---|---:|---:|\n");
        for (String[] f : figures) {
            out.append("| ")
                    .append(f[0])
                    .append(" | ")
                    .append(f[1])
                    .append(" | ")
                    .append(f[2])
                    .append(" |\n");
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nDrift found: parity job %,d (injected %,d), plain comparison %,d: %s. Goal ≤ 10×"
                                + " count(*): %s (%.1f×).%n",
                        report.drift(),
                        2L * drift,
                        plainDrift,
                        valid ? "both exact" : "MISMATCH",
                        ratio <= 10 ? "met" : "not met",
                        ratio));
        for (ParityReport.Row r : report.tables()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "- %s: %,d ranges, %,d differing; missing %,d, unexpected %,d, values %,d; transient %,d%n",
                            r.sourceTable(),
                            r.ranges(),
                            r.rangesDiffering(),
                            r.missingInNew(),
                            r.unexpectedInNew(),
                            r.valueMismatch(),
                            r.transients()));
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nMachine: %d × %s, %s, %s, %s, PostgreSQL %s (embedded, OLD and NEW on one server);"
                                + " load average before the run %s, after %s.%n",
                        machine.cpus,
                        machine.cpuModel,
                        machine.memory,
                        machine.os,
                        machine.java,
                        machine.postgres,
                        loadBefore,
                        Machine.loadAverage()));
        return out.toString();
    }

    private String args() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals("report")) {
                out.append("--")
                        .append(e.getKey())
                        .append(' ')
                        .append(
                                e.getValue().contains(" ")
                                        ? "'" + e.getValue() + "'"
                                        : e.getValue())
                        .append(' ');
            }
        }
        return out.toString().trim();
    }

    private void stop() {
        if (pg != null) {
            try {
                pg.close();
            } catch (Exception e) {
                System.err.println("Could not stop PostgreSQL: " + e);
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
