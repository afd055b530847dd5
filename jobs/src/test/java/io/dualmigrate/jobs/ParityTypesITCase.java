package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.jobs.TypeColumns.Column;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every type of the replication's type test ({@link TypeColumns}): equal values in OLD and NEW
 * checksum alike (no drift), and one changed value per column is found as a value mismatch of that
 * column and no other. NEW's server session runs in another time zone than OLD's, so the canonical
 * text must not depend on it.
 */
class ParityTypesITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static EmbeddedPostgres pg;
    private static TimeZone jvmZone;

    @BeforeAll
    static void start() throws Exception {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void everyTypeComparesEqualWhenEqualAndDiffersByItsOwnField() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_types")) {
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
                            + ", _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false);\n"
                            + "ALTER DATABASE new_parity_types SET TimeZone = 'Asia/Kathmandu';\n");
            int samples =
                    TypeColumns.ALL.stream().mapToInt(c -> c.samples().size()).max().orElseThrow();
            for (int i = 0; i < samples; i++) {
                int s = i;
                both(m, 1 + i, col -> col.sample(s), col -> col.sample(s));
            }
            both(m, 0, col -> null, col -> null);
            for (int i = 0; i < 2; i++) {
                int s = i;
                both(m, 51 + i, col -> only(col, s), col -> only(col, s));
            }
            ParityReport equal =
                    Parity.run(m.configFor("parity:\n  recheck-delay: 100 ms\n", "types"), false);
            assertThat(Parity.drift(m.neu, equal)).as("drift between equal rows").isEmpty();
            assertThat(equal.table("public.types").rowsOld()).isEqualTo(samples + 3);

            List<String> expected = new ArrayList<>();
            for (int c = 0; c < TypeColumns.ALL.size(); c++) {
                Column changed = TypeColumns.ALL.get(c);
                int id = 1000 + c;
                both(
                        m,
                        id,
                        col -> col.sample(0),
                        col -> col == changed ? other(col) : col.sample(0));
                expected.add(
                        "public.types|[\"" + id + "\"]|VALUE_MISMATCH|" + changed.name() + "|f");
            }
            ParityReport found =
                    Parity.run(m.configFor("parity:\n  recheck-delay: 100 ms\n", "types"), false);
            assertThat(Parity.drift(m.neu, found)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** A value of the column that is not its first sample: the second one, or NULL. */
    private static String other(Column col) {
        return col.samples().size() > 1 ? col.samples().get(1) : null;
    }

    private static String only(Column col, int i) {
        return col.snapshotOnlySamples().size() > i
                ? col.snapshotOnlySamples().get(i)
                : col.sample(i);
    }

    private static void both(
            MigrationFixture m, int id, Function<Column, String> old, Function<Column, String> neu)
            throws SQLException {
        insert(m.old, id, old, "");
        insert(m.neu, id, neu, ", 1, false");
    }

    private static void insert(Connection c, int id, Function<Column, String> values, String tail)
            throws SQLException {
        String names = TypeColumns.ALL.stream().map(Column::name).collect(Collectors.joining(", "));
        String params =
                TypeColumns.ALL.stream()
                        .map(col -> "CAST(? AS " + col.type() + ")")
                        .collect(Collectors.joining(", "));
        String bookkeeping = tail.isEmpty() ? "" : ", _dm_version, _dm_deleted";
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO types (id, "
                                + names
                                + bookkeeping
                                + ") VALUES (?, "
                                + params
                                + tail
                                + ")")) {
            ps.setInt(1, id);
            int p = 2;
            for (Column col : TypeColumns.ALL) {
                ps.setString(p++, values.apply(col));
            }
            ps.executeUpdate();
        }
    }
}
