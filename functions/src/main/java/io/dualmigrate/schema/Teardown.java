package io.dualmigrate.schema;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what a migration leaves in OLD once it is over: its replication slots, which hold WAL for
 * as long as they exist, and its publication. Refuses while a slot is still in use, so a running
 * job is never cut off.
 */
public final class Teardown {

    /** What was dropped. */
    public record Result(List<String> slots, boolean publication) {

        /** One line for a person: what was dropped. */
        public String describe() {
            return "Dropped from OLD: "
                    + (slots.isEmpty()
                            ? "no replication slot"
                            : "replication slot(s) " + String.join(", ", slots))
                    + (publication ? ", the publication" : ", no publication")
                    + ".";
        }
    }

    private final MigrationConfig config;

    public Teardown(MigrationConfig config) {
        this.config = config;
    }

    public Result run() {
        try (Connection old = config.source.connect("dualmigrate-" + config.name + "-teardown")) {
            List<String> slots = slots(old);
            List<String> dropped = new ArrayList<>();
            for (String slot : slots) {
                try (PreparedStatement ps =
                        old.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    ps.setString(1, slot);
                    ps.execute();
                }
                dropped.add(slot);
            }
            boolean publication = publicationExists(old);
            if (publication) {
                try (Statement st = old.createStatement()) {
                    st.execute("DROP PUBLICATION " + Sql.quote(config.slotName));
                }
            }
            return new Result(dropped, publication);
        } catch (SQLException e) {
            throw new ConfigException(
                    "source: cannot tear down the migration in OLD: " + e.getMessage(), e);
        }
    }

    /** The migration's slots (the job's and any per-reader ones); fails if one is in use. */
    private List<String> slots(Connection old) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps =
                old.prepareStatement(
                        "SELECT slot_name, active, active_pid FROM pg_replication_slots"
                                + " WHERE database = current_database()"
                                + " AND (slot_name = ? OR slot_name ~ ('^' || ? || '_[0-9]+$'))"
                                + " ORDER BY slot_name")) {
            ps.setString(1, config.slotName);
            ps.setString(2, config.slotName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        throw new ConfigException(
                                "source: replication slot "
                                        + rs.getString(1)
                                        + " is in use (walsender pid "
                                        + rs.getInt(3)
                                        + "); cancel the replication job first");
                    }
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private boolean publicationExists(Connection old) throws SQLException {
        try (PreparedStatement ps =
                old.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, config.slotName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
