package io.dualmigrate.sink;

import java.sql.SQLException;

/**
 * Sorts database errors into the ones worth retrying (the connection or the server, not the row)
 * and the ones that reject a row for good (constraints, overflows, bad values).
 */
public final class SqlErrors {

    private SqlErrors() {}

    public static boolean isTransient(SQLException e) {
        String state = rootState(e);
        if (state == null) {
            return true;
        }
        return state.startsWith("08")
                || state.startsWith("53")
                || state.startsWith("57P")
                || state.equals("40001")
                || state.equals("40P01")
                || state.equals("55006")
                || state.equals("58030");
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
