package io.dualmigrate.schema;

import io.dualmigrate.config.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the start-up checks need from one database's catalog. */
final class PgCatalog {

    /** A column as the catalog describes it. */
    static final class Column {
        final String name;
        final String type;
        final boolean notNull;
        final boolean hasDefault;
        final boolean toastable;

        Column(String name, String type, boolean notNull, boolean hasDefault, boolean toastable) {
            this.name = name;
            this.type = type;
            this.notNull = notNull;
            this.hasDefault = hasDefault;
            this.toastable = toastable;
        }
    }

    private final Connection connection;

    PgCatalog(Connection connection) {
        this.connection = connection;
    }

    boolean exists(TableId table) throws SQLException {
        return single("SELECT to_regclass(?)", table.quoted(), rs -> rs.getString(1) != null);
    }

    Map<String, Column> columns(TableId table) throws SQLException {
        Map<String, Column> out = new LinkedHashMap<>();
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                                + " a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',"
                                + " t.typstorage <> 'p' AND (t.typcategory = 'A'"
                                + " OR a.atttypmod = -1"
                                + " OR (t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 1028))"
                                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                                + " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0"
                                + " AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1),
                            new Column(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getBoolean(3),
                                    rs.getBoolean(4),
                                    rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    List<String> primaryKey(TableId table) throws SQLException {
        List<List<String>> keys = indexColumns(table, "i.indisprimary");
        return keys.isEmpty() ? List.of() : keys.get(0);
    }

    /** Column sets of the unique indexes (primary key included) that ON CONFLICT can use. */
    List<List<String>> uniqueKeys(TableId table) throws SQLException {
        return indexColumns(table, "i.indisunique AND i.indpred IS NULL");
    }

    /** The columns, in index order, of each index of the table that meets {@code condition}. */
    private List<List<String>> indexColumns(TableId table, String condition) throws SQLException {
        Map<String, List<String>> byIndex = new LinkedHashMap<>();
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT i.indexrelid::text, a.attname FROM pg_index i"
                                + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, n)"
                                + " JOIN pg_attribute a ON a.attrelid = i.indrelid"
                                + " AND a.attnum = k.attnum"
                                + " WHERE i.indrelid = CAST(? AS regclass) AND "
                                + condition
                                + " ORDER BY i.indexrelid, k.n")) {
            ps.setString(1, table.quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byIndex.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /** pg_class.relkind: 'r' a plain table, 'p' a partitioned one, and so on. */
    char relkind(TableId table) throws SQLException {
        return single(
                "SELECT relkind FROM pg_class WHERE oid = CAST(? AS regclass)",
                table.quoted(),
                rs -> rs.getString(1).charAt(0));
    }

    /** Whether other tables inherit from this one (their rows would not be replicated). */
    boolean hasChildren(TableId table) throws SQLException {
        return single(
                "SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = CAST(? AS regclass))",
                table.quoted(),
                rs -> rs.getBoolean(1));
    }

    char replicaIdentity(TableId table) throws SQLException {
        return single(
                "SELECT relreplident FROM pg_class WHERE oid = CAST(? AS regclass)",
                table.quoted(),
                rs -> rs.getString(1).charAt(0));
    }

    /** The planner's row estimate (0 when the table was never analyzed). */
    long estimatedRows(TableId table) throws SQLException {
        return single(
                "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = CAST(? AS regclass)",
                table.quoted(),
                rs -> rs.getLong(1));
    }

    String setting(String name) throws SQLException {
        return single("SELECT current_setting(?)", name, rs -> rs.getString(1));
    }

    /** A query of one parameter and one result row. */
    private <T> T single(String sql, String parameter, Row<T> read) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read.from(rs);
            }
        }
    }

    /** Reads a value from the current row. */
    private interface Row<T> {
        T from(ResultSet rs) throws SQLException;
    }

    /** Whether PostgreSQL can turn a value of one type into another (any cast, or I/O). */
    boolean castable(String fromType, String toType) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM pg_cast WHERE castsource = CAST(? AS regtype)"
                                + " AND casttarget = CAST(? AS regtype))"
                                + " OR (SELECT typcategory FROM pg_type WHERE oid = CAST(? AS regtype))"
                                + " = (SELECT typcategory FROM pg_type WHERE oid = CAST(? AS regtype))")) {
            ps.setString(1, fromType);
            ps.setString(2, toType);
            ps.setString(3, fromType);
            ps.setString(4, toType);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
