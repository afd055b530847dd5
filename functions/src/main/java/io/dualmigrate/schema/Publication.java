package io.dualmigrate.schema;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.TableId;
import io.dualmigrate.config.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publication in OLD that the change stream reads: created once before the job starts, and only
 * ever extended (never re-set) afterwards.
 *
 * <p>Re-setting a publication's table list while a slot decodes older WAL made PostgreSQL skip
 * changes committed before the re-set, so the job never lets Debezium manage it.
 */
final class Publication {

    private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

    private final String name;
    private final List<TableId> tables;

    Publication(String name, List<TableMapping> mappings) {
        this.name = name;
        this.tables = mappings.stream().map(TableMapping::source).collect(Collectors.toList());
    }

    void ensure(Connection old) throws SQLException {
        Set<TableId> published = publishedTables(old);
        try (Statement st = old.createStatement()) {
            if (published == null) {
                st.execute("CREATE PUBLICATION " + quote() + " FOR TABLE " + list(tables));
                LOG.info("Created publication {} for {}", name, tables);
                return;
            }
            List<TableId> missing = new ArrayList<>();
            for (TableId table : tables) {
                if (!published.contains(table)) {
                    missing.add(table);
                }
            }
            if (!missing.isEmpty()) {
                // A job restored from a checkpoint would stream these tables without ever
                // snapshotting them: refuse instead of silently leaving NEW incomplete.
                throw new ConfigException(
                        "tables: "
                                + missing
                                + " are not in the publication "
                                + name
                                + " of this migration, which exists already. Tables cannot be"
                                + " added to a running migration: migrate them with a migration"
                                + " of their own (another migration.name), or start this one over"
                                + " (cancel the job, drop the slot and the publication, truncate"
                                + " NEW)");
            }
        } catch (SQLException e) {
            throw new ConfigException(
                    "source: cannot create publication "
                            + name
                            + " in OLD ("
                            + e.getMessage()
                            + "); grant the source user ownership of the tables, or create it"
                            + " yourself: CREATE PUBLICATION "
                            + name
                            + " FOR TABLE "
                            + list(tables),
                    e);
        }
    }

    /** The tables of the publication, or null when it does not exist. */
    private Set<TableId> publishedTables(Connection old) throws SQLException {
        try (PreparedStatement ps =
                old.prepareStatement(
                        "SELECT p.pubname, t.schemaname, t.tablename FROM pg_publication p"
                                + " LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname"
                                + " WHERE p.pubname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                Set<TableId> out = null;
                while (rs.next()) {
                    if (out == null) {
                        out = new HashSet<>();
                    }
                    if (rs.getString(2) != null) {
                        out.add(new TableId(rs.getString(2), rs.getString(3)));
                    }
                }
                return out;
            }
        }
    }

    private String quote() {
        return io.dualmigrate.config.Sql.quote(name);
    }

    private static String list(List<TableId> tables) {
        return tables.stream().map(TableId::quoted).collect(Collectors.joining(", "));
    }
}
