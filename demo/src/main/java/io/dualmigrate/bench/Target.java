package io.dualmigrate.bench;

import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One replica of the benchmark table (dualmigrate's NEW or the native subscriber) and the questions
 * the benchmark asks it: how far it is, whether it equals OLD, and when its rows landed.
 */
final class Target {

    /** When the rows of a phase landed: first and last {@code applied_at}, epoch micros. */
    static final class Applied {
        final long rows;
        final long firstMicros;
        final long lastMicros;

        Applied(long rows, long firstMicros, long lastMicros) {
            this.rows = rows;
            this.firstMicros = firstMicros;
            this.lastMicros = lastMicros;
        }

        /** Rows per second from the first applied row to the last. */
        double perSecondWhileApplying() {
            return rows / ((lastMicros - firstMicros) / 1e6);
        }
    }

    /** Lag percentiles of a phase's rows, in milliseconds, and a coarse histogram. */
    static final class Lag {
        static final long[] BUCKETS_MS = {50, 100, 200, 500, 1000, 2000};

        final long samples;
        final double p50;
        final double p95;
        final double p99;
        final double max;
        final double mean;
        final long[] histogram;

        Lag(long samples, double p50, double p95, double p99, double max, double mean, long[] h) {
            this.samples = samples;
            this.p50 = p50;
            this.p95 = p95;
            this.p99 = p99;
            this.max = max;
            this.mean = mean;
            this.histogram = h;
        }
    }

    final String label;
    final Connection connection;
    private final String liveFilter;

    Target(String label, Connection connection, String liveFilter) throws SQLException {
        this.label = label;
        this.connection = connection;
        this.liveFilter = liveFilter;
        // checksums sort a million hashes: keep the sort in memory
        BenchTable.exec(connection, "SET work_mem = '256MB'");
    }

    private String where(String condition) {
        if (liveFilter == null) {
            return condition == null ? "" : " WHERE " + condition;
        }
        return " WHERE " + liveFilter + (condition == null ? "" : " AND " + condition);
    }

    long count() throws SQLException {
        return Sql.queryLong(connection, "SELECT count(*) FROM " + BenchTable.NAME + where(null));
    }

    /**
     * A cheap progress figure from PostgreSQL's table statistics ({@code n_tup_ins} or {@code
     * n_tup_upd}); it trails the truth by up to a second.
     */
    long tableStatistic(String column) throws SQLException {
        return Sql.queryLong(
                connection,
                "SELECT coalesce(sum("
                        + column
                        + "), 0) FROM pg_stat_user_tables WHERE relname = '"
                        + BenchTable.NAME
                        + "'");
    }

    /** Sum of the per-row change counter: equals OLD's exactly when every last change landed. */
    long revisions() throws SQLException {
        return Sql.queryLong(
                connection, "SELECT coalesce(sum(rev), 0) FROM " + BenchTable.NAME + where(null));
    }

    Convergence.Summary summary() throws SQLException {
        return Convergence.summarize(connection, BenchTable.NAME, BenchTable.COLUMNS, liveFilter);
    }

    /** First and last {@code applied_at} of rows that landed at or after {@code sinceMicros}. */
    Applied appliedSince(long sinceMicros) throws SQLException {
        List<String> row =
                Sql.rows(
                        connection,
                        "SELECT count(*), "
                                + ServerClock.epochMicros("min(applied_at)")
                                + ", "
                                + ServerClock.epochMicros("max(applied_at)")
                                + " FROM "
                                + BenchTable.NAME
                                + " WHERE applied_at >= "
                                + timestamp(sinceMicros));
        String[] parts = row.get(0).split("\\|");
        if (parts[1].equals("null")) {
            return new Applied(0, 0, 0);
        }
        return new Applied(
                Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }

    /**
     * Lag {@code applied_at - written_at} of the rows OLD wrote at or after {@code sinceMicros}.
     */
    Lag lagSince(long sinceMicros) throws SQLException {
        StringBuilder buckets = new StringBuilder();
        long previous = 0;
        for (long bound : Lag.BUCKETS_MS) {
            buckets.append(", count(*) FILTER (WHERE l >= ")
                    .append(previous)
                    .append(" AND l < ")
                    .append(bound)
                    .append(")");
            previous = bound;
        }
        buckets.append(", count(*) FILTER (WHERE l >= ").append(previous).append(")");
        List<String> row =
                Sql.rows(
                        connection,
                        "SELECT count(*), percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP"
                                + " (ORDER BY l), max(l), avg(l)"
                                + buckets
                                + " FROM (SELECT extract(epoch FROM applied_at - written_at)"
                                + " * 1000 AS l FROM "
                                + BenchTable.NAME
                                + " WHERE written_at >= "
                                + timestamp(sinceMicros)
                                + ") s");
        String[] p = row.get(0).split("\\|");
        long samples = Long.parseLong(p[0]);
        if (samples == 0) {
            return new Lag(0, 0, 0, 0, 0, 0, new long[Lag.BUCKETS_MS.length + 1]);
        }
        String[] percentiles = p[1].replaceAll("[{}]", "").split(",");
        long[] histogram = new long[Lag.BUCKETS_MS.length + 1];
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] = Long.parseLong(p[4 + i]);
        }
        return new Lag(
                samples,
                Double.parseDouble(percentiles[0]),
                Double.parseDouble(percentiles[1]),
                Double.parseDouble(percentiles[2]),
                Double.parseDouble(p[2]),
                Double.parseDouble(p[3]),
                histogram);
    }

    static String timestamp(long epochMicros) {
        return "(timestamptz 'epoch' + " + epochMicros + " * interval '1 microsecond')";
    }
}
