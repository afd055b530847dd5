package io.dualmigrate.bench;

import static io.dualmigrate.config.Sql.quote;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.schema.StartupChecks;
import io.dualmigrate.sink.GuardedSql;
import io.dualmigrate.sink.TargetColumn;
import io.dualmigrate.sink.TargetTable;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A profiling aid for the replication benchmark: how much of the sink's time NEW itself spends,
 * statement by statement, without Flink or CDC in the way.
 *
 * <p>Writes the benchmark table's rows into NEW the way dualmigrate's sink does (the version-
 * guarded upsert from {@link GuardedSql}, untyped text parameters read as the NEW types, JDBC
 * batches of {@code --batch} rows, one transaction per batch), first as inserts (snapshot) and then
 * as newer versions of every row (streaming); and, for comparison, the same rows as typed
 * parameters, as one {@code unnest} statement per batch, and without the benchmark's {@code
 * applied_at} trigger. Prints rows/s and the CPU time of the PostgreSQL session per row.
 *
 * <pre>
 * java ... io.dualmigrate.bench.SinkSqlProbe [--rows 100000] [--batch 1000]
 * </pre>
 */
public final class SinkSqlProbe {

    private SinkSqlProbe() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "dualmigrate-bench-log4j2.properties");
        }
        int rows = 100_000;
        int batch = 1000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown flag " + args[i]);
            }
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            pg.createDatabase("probe_old");
            pg.createDatabase("probe_new");
            List<String[]> values;
            try (Connection old = pg.connect("probe_old")) {
                BenchTable.createInOld(old);
                BenchTable.insertRows(old, 1, rows);
                values = readAsText(old);
            }
            try (Connection setup = pg.connect("probe_new")) {
                BenchTable.createInNew(setup);
            }
            MigrationConfig config =
                    new MigrationConfigLoader(Map.of("PW", EmbeddedPostgres.PASSWORD))
                            .parse(
                                    "migration:\n  name: probe\nsource:\n  hostname: 127.0.0.1\n"
                                            + "  port: "
                                            + pg.port()
                                            + "\n  database: probe_old\n  username: postgres\n"
                                            + "  password-env: PW\ntarget:\n  hostname: 127.0.0.1\n"
                                            + "  port: "
                                            + pg.port()
                                            + "\n  database: probe_new\n  username: postgres\n"
                                            + "  password-env: PW\ntables:\n  - source: public."
                                            + BenchTable.NAME
                                            + "\n");
            TargetTable table = new StartupChecks(config).run().get(0);
            System.out.printf(
                    Locale.ROOT,
                    "%,d rows, %d per batch; machine load %s%n%n%-44s %10s %10s %12s%n",
                    rows,
                    batch,
                    Machine.loadAverage(),
                    "variant",
                    "phase",
                    "rows/s",
                    "PG µs/row");
            try (Connection neu = config.target.connect("probe-sink")) {
                neu.setAutoCommit(false);
                Variant[] variants = {
                    new Variant(
                            "product: guarded upsert, untyped text parameters", Mode.PRODUCT, true),
                    new Variant("same, typed parameters (no text input)", Mode.TYPED, true),
                    new Variant("same SQL, one unnest() statement per batch", Mode.UNNEST, true),
                    new Variant("product, applied_at trigger disabled", Mode.PRODUCT, false),
                };
                long version = 1;
                // warm-up: JIT and caches, not measured
                write(neu, table, values, batch, Mode.PRODUCT, version++);
                write(neu, table, values, batch, Mode.UNNEST, version++);
                for (Variant v : variants) {
                    BenchTable.exec(neu, "TRUNCATE " + BenchTable.NAME);
                    BenchTable.exec(
                            neu,
                            "ALTER TABLE "
                                    + BenchTable.NAME
                                    + (v.trigger ? " ENABLE" : " DISABLE")
                                    + " TRIGGER bench_stamp");
                    neu.commit();
                    for (String phase : List.of("insert", "update")) {
                        version++;
                        double cpuBefore = backendCpu(neu);
                        long start = System.nanoTime();
                        write(neu, table, values, batch, v.mode, version);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        double cpu = backendCpu(neu) - cpuBefore;
                        System.out.printf(
                                Locale.ROOT,
                                "%-44s %10s %,10.0f %12.1f%n",
                                v.name,
                                phase,
                                rows / seconds,
                                cpu * 1e6 / rows);
                    }
                }
            }
        }
        System.exit(0);
    }

    private enum Mode {
        PRODUCT,
        TYPED,
        UNNEST
    }

    private record Variant(String name, Mode mode, boolean trigger) {}

    private static List<String[]> readAsText(Connection old) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement st = old.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT " + BenchTable.COLUMNS + " FROM " + BenchTable.NAME)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static void write(
            Connection neu,
            TargetTable table,
            List<String[]> rows,
            int batch,
            Mode mode,
            long version)
            throws SQLException {
        String sql =
                switch (mode) {
                    case PRODUCT -> GuardedSql.upsert(table);
                    case TYPED -> GuardedSql.upsert(table);
                    case UNNEST -> unnestUpsert(table);
                };
        try (PreparedStatement ps = neu.prepareStatement(sql)) {
            for (int from = 0; from < rows.size(); from += batch) {
                List<String[]> chunk = rows.subList(from, Math.min(rows.size(), from + batch));
                if (mode == Mode.UNNEST) {
                    bindArrays(neu, ps, table, chunk, version);
                    ps.execute();
                } else {
                    for (String[] row : chunk) {
                        int p = 1;
                        for (TargetColumn c : table.columns) {
                            String value = row[index(c.sourceColumn)];
                            if (mode == Mode.TYPED) {
                                setTyped(ps, p++, sqlType(c), value);
                            } else {
                                ps.setString(p++, value);
                            }
                        }
                        ps.setLong(p, version);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                neu.commit();
            }
        }
    }

    /** The NEW type of a benchmark column, read off the table's DDL. */
    private static String sqlType(TargetColumn c) {
        for (String definition : BenchTable.COLUMN_DDL.split(",\\s*(?![^()]*\\))")) {
            String[] parts = definition.trim().split("\\s+");
            if (parts[0].equals(c.name)) {
                return parts[1];
            }
        }
        throw new IllegalArgumentException(c.name);
    }

    private static int index(String column) {
        String[] names = BenchTable.COLUMNS.split(",\\s*");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    private static void setTyped(PreparedStatement ps, int p, String type, String value)
            throws SQLException {
        if (value == null) {
            ps.setObject(p, null);
        } else if (type.equals("bigint")) {
            ps.setLong(p, Long.parseLong(value));
        } else if (type.equals("integer")) {
            ps.setInt(p, Integer.parseInt(value));
        } else if (type.startsWith("numeric")) {
            ps.setBigDecimal(p, new java.math.BigDecimal(value));
        } else if (type.startsWith("timestamp")) {
            ps.setObject(p, value, java.sql.Types.OTHER);
        } else {
            ps.setString(p, value);
        }
    }

    /** The guarded upsert with one array parameter per column, unnested server-side. */
    private static String unnestUpsert(TargetTable t) {
        String names = t.columns.stream().map(c -> quote(c.name)).collect(Collectors.joining(", "));
        String arrays =
                t.columns.stream().map(c -> "CAST(? AS text[])").collect(Collectors.joining(", "));
        String casts =
                t.columns.stream()
                        .map(c -> "CAST(u." + quote(c.name) + " AS " + sqlType(c) + ")")
                        .collect(Collectors.joining(", "));
        return "INSERT INTO "
                + t.target.quoted()
                + " AS tgt ("
                + names
                + ", "
                + quote(t.versionColumn)
                + ", "
                + quote(t.deletedColumn)
                + ") SELECT "
                + casts
                + ", ?, false FROM unnest("
                + arrays
                + ") AS u("
                + names
                + ")"
                + GuardedSql.onConflictUpdate(t);
    }

    private static void bindArrays(
            Connection neu, PreparedStatement ps, TargetTable t, List<String[]> chunk, long version)
            throws SQLException {
        int p = 1;
        // the version parameter comes first in the SELECT list's order of '?'
        List<Array> arrays = new ArrayList<>();
        for (TargetColumn c : t.columns) {
            String[] column = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                column[i] = chunk.get(i)[index(c.sourceColumn)];
            }
            arrays.add(neu.createArrayOf("text", column));
        }
        ps.setLong(p++, version);
        for (Array a : arrays) {
            ps.setArray(p++, a);
        }
    }

    /** CPU seconds the PostgreSQL session behind this connection has used. */
    private static double backendCpu(Connection c) throws Exception {
        long pid = Sql.queryLong(c, "SELECT pg_backend_pid()");
        c.commit();
        String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
