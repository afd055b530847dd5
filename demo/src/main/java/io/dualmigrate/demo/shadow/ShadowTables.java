package io.dualmigrate.demo.shadow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The database mode of the read-log generator: the {@code customer} entity as a small table in the
 * real OLD and NEW databases, holding for every key exactly what the scenario of its key pool says
 * each store holds.
 *
 * <p>That makes the job's time-aware confirmation meaningful: when it re-reads a differing key from
 * both stores, a persisting difference (a NEW row that really differs, is older, newer, missing or
 * unexpected) is still there, while a {@link Scenario#REPLICATION_LAG} key holds the same row in
 * both, so the logged stale answer is explained as lag. The two tables differ in shape the way a
 * migration's do: OLD's {@code full_name} and {@code row_version} are NEW's {@code name} and {@code
 * version}.
 */
public final class ShadowTables {

    /** The table name used in OLD and NEW. */
    public static final String TABLE = "shadow_customers";

    /** The re-read query for OLD, with the key field as the parameter {@code :id}. */
    public static final String OLD_REREAD =
            "SELECT full_name, email, balance, tags, profile, updated_at, row_version AS version"
                    + " FROM "
                    + TABLE
                    + " WHERE id = :id";

    /** The re-read query for NEW, with the key field as the parameter {@code :id}. */
    public static final String NEW_REREAD =
            "SELECT name, email, balance, tags, profile, updated_at, version FROM "
                    + TABLE
                    + " WHERE id = :id";

    private ShadowTables() {}

    /** Creates (or re-creates) the tables and writes every key of every scenario's pool. */
    public static void write(Connection old, Connection neu, ReadLogGenerator generator)
            throws SQLException {
        create(old, "full_name", "row_version");
        create(neu, "name", "version");
        for (Scenario scenario : Scenario.values()) {
            List<Long> keys = generator.keys(scenario);
            for (long id : keys) {
                Customer current = Customer.current(id);
                put(old, "full_name", "row_version", id, scenario.oldRow(current));
                put(neu, "name", "version", id, scenario.newRow(current));
            }
        }
    }

    private static void create(Connection c, String nameColumn, String versionColumn)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute(
                    "CREATE TABLE "
                            + TABLE
                            + " (id bigint PRIMARY KEY, "
                            + nameColumn
                            + " text, email text, balance numeric, tags jsonb, profile jsonb,"
                            + " updated_at timestamptz, "
                            + versionColumn
                            + " bigint NOT NULL)");
        }
    }

    private static void put(
            Connection c, String nameColumn, String versionColumn, long id, Optional<Customer> row)
            throws SQLException {
        if (row.isEmpty()) {
            return;
        }
        Customer r = row.get();
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO "
                                + TABLE
                                + " (id, "
                                + nameColumn
                                + ", email, balance, tags, profile, updated_at, "
                                + versionColumn
                                + ") VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, r.name());
            ps.setString(3, r.email());
            ps.setBigDecimal(4, r.balance());
            ps.setString(5, r.oldPayload().get("tags").toString());
            ps.setString(6, r.oldPayload().get("profile").toString());
            ps.setObject(7, r.updatedAt().atOffset(ZoneOffset.UTC));
            ps.setLong(8, r.version());
            ps.executeUpdate();
        }
    }
}
