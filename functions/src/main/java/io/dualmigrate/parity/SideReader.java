package io.dualmigrate.parity;

import io.dualmigrate.source.KeyEncoding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one table's {@link SideSql} statements on one connection. */
public final class SideReader {

    private static final int HASH_FETCH_SIZE = 20_000;

    private final Connection connection;
    private final SideSql sql;
    private final int columns;
    private final int fetchSize;

    public SideReader(Connection connection, SideSql sql, int columns, int fetchSize) {
        this.connection = connection;
        this.sql = sql;
        this.columns = columns;
        this.fetchSize = fetchSize;
    }

    public RangeSummary summary(KeyRange range) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql.summary(range))) {
            bind(ps, sql.bind(range), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RangeSummary(rs.getLong(1), rs.getString(2));
            }
        }
    }

    /** The rows of a range by encoded key ({@link KeyEncoding}). */
    public Map<String, RowImage> rows(KeyRange range) throws SQLException {
        Map<String, RowImage> out = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        // pgjdbc streams with a fetch size only inside a transaction.
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(sql.rows(range))) {
            ps.setFetchSize(fetchSize);
            bind(ps, sql.bind(range), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RowImage row = image(rs);
                    out.put(KeyEncoding.encode(List.of(row.key())), row);
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
        return out;
    }

    /** Each live row's hash by encoded key ({@link KeyEncoding}), and the keys themselves. */
    public Map<String, KeyHash> rowHashes(KeyRange range) throws SQLException {
        Map<String, KeyHash> out = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(sql.rowHashes(range))) {
            // A key and a hash are a few dozen bytes: fetch many per round trip.
            ps.setFetchSize(Math.max(fetchSize, HASH_FETCH_SIZE));
            bind(ps, sql.bind(range), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] key = key(rs);
                    out.put(
                            KeyEncoding.encode(List.of(key)),
                            new KeyHash(key, rs.getLong(key.length + 1)));
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
        return out;
    }

    /** A key and the hash of its row. */
    public record KeyHash(String[] key, long hash) {}

    /** The row of one key, or null. */
    public RowImage row(String[] key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql.row())) {
            bind(ps, List.of(key), 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? image(rs) : null;
            }
        }
    }

    /** Every {@code step}-th live key of the range, ascending. */
    public List<String[]> splitPoints(KeyRange range, long step) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.splitPoints(range))) {
            int next = bind(ps, sql.bind(range), 1);
            ps.setLong(next, step);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(key(rs));
                }
            }
        }
        return out;
    }

    /** A sorted sample of the keys. */
    public List<String[]> sampleKeys(double percent) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql.sampleKeys(percent));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(key(rs));
            }
        }
        return out;
    }

    private String[] key(ResultSet rs) throws SQLException {
        String[] key = new String[sql.keyCount()];
        for (int i = 0; i < key.length; i++) {
            key[i] = rs.getString(i + 1);
        }
        return key;
    }

    private RowImage image(ResultSet rs) throws SQLException {
        String[] values = new String[columns];
        for (int i = 0; i < columns; i++) {
            values[i] = rs.getString(i + 1);
        }
        long version = rs.getLong(columns + 1);
        Long v = rs.wasNull() ? null : version;
        return new RowImage(values, sql.keyCount(), v, rs.getBoolean(columns + 2));
    }

    private static int bind(PreparedStatement ps, List<String> values, int first)
            throws SQLException {
        int p = first;
        for (String value : values) {
            ps.setString(p++, value);
        }
        return p;
    }
}
