package io.dualmigrate.sink;

import java.sql.SQLException;

/**
 * Sorts database errors into the ones worth retrying (the connection or the server, not the row)
 * and the ones that reject a row for good (constraints, overflows, bad values).
 */
public final class SqlErrors {

    private SqlErrors() {}

    /**
     * Whether the error is about the row itself: a data exception (class 22: bad value, out of
     * range, too long) or an integrity constraint violation (class 23). Such a row goes to the
     * dead-letter table. Every other error (connection, locks, timeouts, a read-only or
     * misconfigured NEW, missing privileges) is not the row's fault: the write is retried, and then
     * the job fails over, so that nothing is dead-lettered that NEW would have taken.
     */
    public static boolean rejectsRow(SQLException e) {
        String state = rootState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * A failure the driver reports outside of SQLException (pgjdbc 42.7 throws an AssertionError
     * when the connection dies inside a batch), as a connection error: retried, never blamed on the
     * row.
     */
    public static SQLException driverFailure(Throwable e) {
        return new SQLException("JDBC driver failure: " + e, "08000", e);
    }

    /** The SQLSTATE of the most specific error in a chain, or null when none carries one. */
    public static String rootState(SQLException e) {
        String state = e.getSQLState();
        SQLException next = e.getNextException();
        while (next != null) {
            if (next.getSQLState() != null) {
                state = next.getSQLState();
            }
            next = next.getNextException();
        }
        return state;
    }

    /** The message of the most specific error, without the batch wrapper's noise. */
    public static String message(SQLException e) {
        SQLException last = e;
        SQLException next = e.getNextException();
        while (next != null) {
            last = next;
            next = next.getNextException();
        }
        return last.getMessage();
    }
}
