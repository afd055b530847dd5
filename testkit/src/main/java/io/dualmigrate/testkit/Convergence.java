package io.dualmigrate.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Compares a table in OLD with its copy in NEW: the live rows of NEW (not tombstones) must equal
 * OLD's rows, column by column, in PostgreSQL's text form.
 */
public final class Convergence {

    /** Row count and an order-independent checksum of one side. */
    public static final class Summary {
        public final long rows;
        public final String checksum;

        Summary(long rows, String checksum) {
            this.rows = rows;
            this.checksum = checksum;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Summary
                    && rows == ((Summary) o).rows
                    && checksum.equals(((Summary) o).checksum);
        }

        @Override
        public int hashCode() {
            return checksum.hashCode();
        }

        @Override
        public String toString() {
            return rows + " rows, checksum " + checksum;
        }
    }

    private Convergence() {}

    /**
     * Summary of {@code columns} of a table; {@code filter} selects live rows (e.g. {@code NOT
     * _dm_deleted}) or is null.
     */
    public static Summary summarize(Connection c, String table, String columns, String filter)
            throws SQLException {
        String where = filter == null ? "" : " WHERE " + filter;
        List<String> row =
                Sql.rows(
                        c,
                        "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '-') FROM"
                                + " (SELECT md5(ROW("
                                + columns
                                + ")::text) AS h FROM "
                                + table
                                + where
                                + ") s");
        String[] parts = row.get(0).split("\\|");
        return new Summary(Long.parseLong(parts[0]), parts[1]);
    }

    /** Waits until NEW's live rows match OLD's; returns false on timeout. */
    public static boolean await(
            Connection old,
            Connection neu,
            String oldTable,
            String newTable,
            String columns,
            String liveFilter,
            Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (summarize(old, oldTable, columns, null)
                    .equals(summarize(neu, newTable, columns, liveFilter))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
