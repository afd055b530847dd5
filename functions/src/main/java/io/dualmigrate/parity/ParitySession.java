package io.dualmigrate.parity;

import io.dualmigrate.config.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens a connection whose text output is the same on OLD and NEW whatever their defaults: the
 * canonical text of a value depends on these session settings (a {@code timestamptz} prints in the
 * session's time zone, a float with the session's digits).
 */
public final class ParitySession {

    private ParitySession() {}

    public static Connection open(ConnectionSettings settings, String applicationName)
            throws SQLException {
        Connection c = settings.connect(applicationName);
        try (Statement st = c.createStatement()) {
            st.execute(
                    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle ="
                            + " 'postgres'; SET extra_float_digits = 1; SET bytea_output = 'hex';"
                            + " SET standard_conforming_strings = on;"
                            // Range queries are small and the job runs many at once: parallel
                            // workers would cost more to start than they save.
                            + " SET max_parallel_workers_per_gather = 0");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
