package io.dualmigrate.demo.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database mode against a real PostgreSQL: what the job's re-read queries find in OLD and NEW
 * for each scenario's keys is what the scenario says, so persisting differences persist and lag
 * does not.
 */
class ShadowTablesITCase {

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    @Test
    void eachScenarioLeavesTheRowsItsCategoryNeeds() throws Exception {
        PG.server().createDatabase("reads_old");
        PG.server().createDatabase("reads_new");
        ReadLogGenerator generator =
                new ReadLogGenerator(
                        new ReadLogGenerator.Settings(
                                "customer", 2, ReadMix.defaults(), Noise.none(), 3, 1, 0, 100));
        try (Connection old = PG.server().connect("reads_old");
                Connection neu = PG.server().connect("reads_new")) {
            ShadowTables.write(old, neu, generator);
            ShadowTables.write(old, neu, generator);

            for (Scenario scenario : Scenario.values()) {
                for (long id : generator.keys(scenario)) {
                    List<String> o = reread(old, ShadowTables.OLD_REREAD, id);
                    List<String> n = reread(neu, ShadowTables.NEW_REREAD, id);
                    String what = scenario + " key " + id + ": OLD " + o + " NEW " + n;
                    switch (scenario) {
                        case MISSING_IN_NEW -> {
                            assertThat(o).as(what).isNotNull();
                            assertThat(n).as(what).isNull();
                        }
                        case UNEXPECTED_IN_NEW -> {
                            assertThat(o).as(what).isNull();
                            assertThat(n).as(what).isNotNull();
                        }
                        case STALE_IN_NEW ->
                                assertThat(version(n)).as(what).isEqualTo(version(o) - 1);
                        case AHEAD_IN_NEW ->
                                assertThat(version(n)).as(what).isEqualTo(version(o) + 1);
                        case MATCH, READ_ERROR, UNPAIRED, REPLICATION_LAG ->
                                assertThat(n).as(what).isEqualTo(o);
                        default -> {
                            assertThat(version(n)).as(what).isEqualTo(version(o));
                            assertThat(differingColumns(o, n)).as(what).hasSize(1);
                        }
                    }
                    if (scenario == Scenario.REPLICATION_LAG) {
                        Customer current = Customer.current(id);
                        assertThat(scenario.loggedNew(current, false).orElseThrow().version())
                                .as("the lagging answer is older than what NEW holds")
                                .isLessThan(version(n));
                        assertThat(scenario.loggedNew(current, true)).isEmpty();
                    }
                }
            }
            assertThat(count(old)).isEqualTo(count(neu)).isEqualTo(14 * 3);
        }
    }

    /** The re-read query's row as text, or null when the key has no row. */
    private static List<String> reread(Connection c, String query, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(query.replace(":id", "?"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ResultSetMetaData meta = rs.getMetaData();
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }

    private static long version(List<String> row) {
        return Long.parseLong(row.get(row.size() - 1));
    }

    private static List<Integer> differingColumns(List<String> a, List<String> b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!String.valueOf(a.get(i)).equals(String.valueOf(b.get(i)))) {
                out.add(i);
            }
        }
        return out;
    }

    private static long count(Connection c) throws Exception {
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + ShadowTables.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
