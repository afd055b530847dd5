package io.dualmigrate.bench;

import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one clock every figure is read from: PostgreSQL's {@code clock_timestamp()}, as epoch
 * microseconds. OLD, NEW and SUB share the server, so there is no skew to correct.
 */
final class ServerClock {

    private ServerClock() {}

    static long micros(Connection c) throws SQLException {
        return Sql.queryLong(c, "SELECT " + epochMicros("clock_timestamp()"));
    }

    /** SQL that turns a timestamptz expression into epoch microseconds (bigint). */
    static String epochMicros(String expression) {
        return "(extract(epoch FROM " + expression + ") * 1000000)::bigint";
    }
}
