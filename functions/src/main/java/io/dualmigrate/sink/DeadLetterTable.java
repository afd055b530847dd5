package io.dualmigrate.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dualmigrate.config.TableId;
import io.dualmigrate.source.ChangeEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The dead-letter table in NEW: one row per rejected change, with the error, the table, the key and
 * the whole event as JSON, so that an operator can fix and replay it.
 */
public final class DeadLetterTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableId table;

    public DeadLetterTable(TableId table) {
        this.table = table;
    }

    public void create(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(
                    "CREATE TABLE IF NOT EXISTS "
                            + table.quoted()
                            + " (id bigserial PRIMARY KEY, migration text NOT NULL,"
                            + " source_table text NOT NULL, target_table text,"
                            + " primary_key text NOT NULL, version bigint NOT NULL,"
                            + " operation text NOT NULL, error text NOT NULL, sql_state text,"
                            + " event jsonb NOT NULL, failed_at timestamptz NOT NULL DEFAULT now())");
            // A replay after a failover rejects the same change again: keep one row for it.
            st.execute(
                    "CREATE UNIQUE INDEX IF NOT EXISTS "
                            + io.dualmigrate.config.Sql.quote(table.table() + "_change")
                            + " ON "
                            + table.quoted()
                            + " (migration, source_table, md5(primary_key), version, operation)");
        }
    }

    public void write(
            Connection connection,
            String migration,
            ChangeEvent event,
            String targetTable,
            String error,
            String sqlState)
            throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "INSERT INTO "
                                + table.quoted()
                                + " (migration, source_table, target_table, primary_key, version,"
                                + " operation, error, sql_state, event)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))"
                                + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, migration);
            ps.setString(2, event.table);
            ps.setString(3, targetTable);
            ps.setString(4, event.key);
            ps.setLong(5, event.version);
            ps.setString(6, event.delete ? "delete" : event.snapshot ? "snapshot" : "upsert");
            ps.setString(7, error == null ? "unknown error" : error);
            ps.setString(8, sqlState);
            ps.setString(9, toJson(event));
            ps.executeUpdate();
        }
    }

    static String toJson(ChangeEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("table", event.table);
        node.put("key", event.key);
        node.put("version", event.version);
        node.put("delete", event.delete);
        node.put("snapshot", event.snapshot);
        node.put("commitTimeMs", event.commitTimeMs);
        ObjectNode row = node.putObject("row");
        for (int i = 0; i < event.columns.length; i++) {
            row.put(event.columns[i], event.values[i]);
        }
        return node.toString();
    }
}
