package io.dualmigrate.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Drops the replication slots a (cancelled) job left behind, so they stop holding WAL. */
public final class ReplicationSlots {

    private ReplicationSlots() {}

    /** Drops every inactive slot whose name starts with {@code prefix}; returns how many. */
    public static int dropInactive(Connection c, String prefix) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots"
                                + " WHERE slot_name LIKE ? AND NOT active")) {
            ps.setString(1, prefix.replace("_", "\\_") + "%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Waits up to {@code millis} for the slots to become inactive, then drops them. */
    public static int dropWhenInactive(Connection c, String prefix, long millis)
            throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            long active =
                    Sql.queryLong(
                            c,
                            "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name"
                                    + " LIKE '"
                                    + prefix.replace("'", "''").replace("_", "\\_")
                                    + "%'");
            if (active == 0) {
                break;
            }
            Thread.sleep(200);
        }
        return dropInactive(c, prefix);
    }
}
