package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.jobs.TypeColumns.Column;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every common PostgreSQL type reaches NEW with the value it has in OLD, through the snapshot and
 * through the change stream, compared as PostgreSQL text ({@code col::text}) per column.
 *
 * <p>The JVM runs in America/St_Johns while the test runs: a half-hour offset, daylight saving time
 * (2021-03-14 02:30 does not exist there) and a local mean time with a seconds offset before 1935,
 * so nothing on the way may lean on the JVM's default time zone.
 */
class TypeFidelityITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final String ZONE = "America/St_Johns";
    private static final String TABLE = "types";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Rows per phase: enough that every column shows each of its samples. */
    private static final int ROWS =
            TypeColumns.ALL.stream().mapToInt(c -> c.samples().size()).max().orElseThrow();

    private static final int SNAPSHOT_ONLY_ROWS =
            TypeColumns.ALL.stream()
                    .mapToInt(c -> c.snapshotOnlySamples().size())
                    .max()
                    .orElseThrow();

    private static EmbeddedPostgres pg;
    private static TimeZone jvmZone;

    @BeforeAll
    static void start() throws Exception {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE));
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void everyTypeArrivesUnchangedThroughSnapshotAndStream() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "types")) {
            String columns =
                    TypeColumns.ALL.stream()
                            .map(c -> c.name() + " " + c.type())
                            .collect(Collectors.joining(", "));
            Sql.exec(
                    m.old,
                    TypeColumns.DDL
                            + "CREATE TABLE types (id int PRIMARY KEY, "
                            + columns
                            + ");\nALTER TABLE types REPLICA IDENTITY FULL;\n");
            Sql.exec(
                    m.neu,
                    TypeColumns.DDL
                            + "CREATE TABLE types (id int PRIMARY KEY, "
                            + columns
                            + ", _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT"
                            + " false);\n");

            // Snapshot: rows 1..ROWS cycle through the samples, row 0 is NULL in every column,
            // rows from 51 hold the values only the snapshot can carry.
            for (int i = 0; i < ROWS; i++) {
                int sample = i;
                insert(m.old, 1 + i, col -> col.sample(sample));
            }
            insert(m.old, 0, col -> null);
            for (int i = 0; i < SNAPSHOT_ONLY_ROWS; i++) {
                int sample = i;
                insert(m.old, 51 + i, col -> col.snapshotOnlySample(sample));
            }
            m.start(m.config(m.header("") + "tables:\n  - source: public." + TABLE + "\n"));
            awaitSameText(m, "snapshot", col -> col.name() + "::text");

            // Stream: new rows with other combinations, every snapshot row updated to other
            // samples, a row set to NULL everywhere, the NULL row filled, a row deleted.
            for (int i = 0; i < ROWS; i++) {
                int sample = i;
                insert(m.old, 101 + i, col -> col.sample(sample + 1));
                update(m.old, 1 + i, col -> col.sample(sample + 2));
            }
            insert(m.old, 100, col -> null);
            update(m.old, 0, col -> col.sample(0));
            update(m.old, 2, col -> null);
            Sql.exec(m.old, "DELETE FROM types WHERE id = 3;\n");
            awaitSameText(m, "stream", Column::afterStream);
        }
    }

    private static void insert(Connection c, int id, Function<Column, String> values)
            throws SQLException {
        String names = TypeColumns.ALL.stream().map(Column::name).collect(Collectors.joining(", "));
        String params =
                TypeColumns.ALL.stream()
                        .map(col -> "CAST(? AS " + col.type() + ")")
                        .collect(Collectors.joining(", "));
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO types (id, " + names + ") VALUES (?, " + params + ")")) {
            ps.setInt(1, id);
            bind(ps, 2, values);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, int id, Function<Column, String> values)
            throws SQLException {
        String sets =
                TypeColumns.ALL.stream()
                        .map(col -> col.name() + " = CAST(? AS " + col.type() + ")")
                        .collect(Collectors.joining(", "));
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE types SET " + sets + " WHERE id = ?")) {
            ps.setInt(bind(ps, 1, values), id);
            ps.executeUpdate();
        }
    }

    /** Binds each column's value from {@code first} on; returns the next parameter index. */
    private static int bind(PreparedStatement ps, int first, Function<Column, String> values)
            throws SQLException {
        int p = first;
        for (Column col : TypeColumns.ALL) {
            ps.setString(p++, values.apply(col));
        }
        return p;
    }

    /**
     * Waits until NEW's live rows match OLD's, then compares every column of every row as {@code
     * text} and fails with each difference: column, row, and both values.
     */
    private static void awaitSameText(
            MigrationFixture m, String phase, Function<Column, String> text) throws Exception {
        String all = TypeColumns.ALL.stream().map(text).collect(Collectors.joining(", "));
        Convergence.await(m.old, m.neu, TABLE, TABLE, "id, " + all, MigrationFixture.LIVE, TIMEOUT);
        Map<Integer, String> oldIds = column(m.old, "id::text", null);
        Map<Integer, String> newIds = column(m.neu, "id::text", MigrationFixture.LIVE);
        assertThat(newIds.keySet()).as(phase + ": live row ids in NEW").isEqualTo(oldIds.keySet());
        List<String> differences = new ArrayList<>();
        for (Column c : TypeColumns.ALL) {
            Map<Integer, String> old = column(m.old, text.apply(c), null);
            Map<Integer, String> neu = column(m.neu, text.apply(c), MigrationFixture.LIVE);
            for (int id : old.keySet()) {
                if (!Objects.equals(old.get(id), neu.get(id))) {
                    differences.add(
                            text.apply(c)
                                    + " ("
                                    + c.type()
                                    + ") id="
                                    + id
                                    + ": OLD "
                                    + show(old.get(id))
                                    + " NEW "
                                    + show(neu.get(id)));
                }
            }
        }
        assertThat(differences).as(phase + ": values whose text in NEW differs from OLD").isEmpty();
    }

    private static Map<Integer, String> column(Connection c, String expression, String filter)
            throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        String where = filter == null ? "" : " WHERE " + filter;
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT id, " + expression + " FROM " + TABLE + where)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    /** A value as a readable literal: control characters escaped, NULL spelled out. */
    private static String show(String text) {
        if (text == null) {
            return "NULL";
        }
        StringBuilder out = new StringBuilder("'");
        text.codePoints()
                .forEach(
                        cp -> {
                            if (cp < 0x20 || cp == 0x7f) {
                                out.append(String.format("\\u%04x", cp));
                            } else {
                                out.appendCodePoint(cp);
                            }
                        });
        return out.append('\'').toString();
    }
}
