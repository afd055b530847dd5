package io.dualmigrate.schema;

import static io.dualmigrate.config.Sql.quote;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The publication in OLD whose changes the job streams: made to cover exactly the migrated tables,
 * for inserts, updates and deletes, before the job starts.
 *
 * <p>The job does not let Debezium manage it. With Debezium's {@code filtered} auto-creation, every
 * snapshot split's backfill reader of Flink CDC's incremental snapshot runs {@code ALTER
 * PUBLICATION ... SET TABLE} with only its own table on the shared publication, and pgoutput
 * decodes each change with the publication as it was at that change's WAL position: changes to the
 * other tables made during the snapshot, and until the stream reader widens the publication again,
 * are never streamed (FLINK-38907).
 */
final class Publication {

    private Publication() {}

    /** Creates the publication, or corrects its tables and operations. */
    static void ensure(Connection old, String name, List<TableId> tables) {
        String tableList = tables.stream().map(TableId::quoted).collect(Collectors.joining(", "));
        String create = "CREATE PUBLICATION " + quote(name) + " FOR TABLE " + tableList;
        try {
            Boolean complete = null;
            boolean allTables = false;
            try (PreparedStatement ps =
                    old.prepareStatement(
                            "SELECT puballtables, pubinsert AND pubupdate AND pubdelete"
                                    + " FROM pg_publication WHERE pubname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        allTables = rs.getBoolean(1);
                        complete = rs.getBoolean(2);
                    }
                }
            }
            if (complete == null) {
                execute(old, create);
                return;
            }
            if (!complete) {
                execute(
                        old,
                        "ALTER PUBLICATION "
                                + quote(name)
                                + " SET (publish = 'insert, update, delete, truncate')");
            }
            if (!allTables && !published(old, name).equals(new LinkedHashSet<>(tables))) {
                execute(old, "ALTER PUBLICATION " + quote(name) + " SET TABLE " + tableList);
            }
        } catch (SQLException e) {
            throw new ConfigException(
                    "source: cannot set up the publication "
                            + name
                            + " in OLD ("
                            + e.getMessage()
                            + "); run as the owner of the tables: "
                            + create,
                    e);
        }
    }

    private static Set<TableId> published(Connection old, String name) throws SQLException {
        Set<TableId> out = new LinkedHashSet<>();
        try (PreparedStatement ps =
                old.prepareStatement(
                        "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
