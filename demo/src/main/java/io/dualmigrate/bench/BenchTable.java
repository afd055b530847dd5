package io.dualmigrate.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmark's table in its three places: OLD (the source), NEW (dualmigrate's target) and SUB
 * (the native subscriber).
 *
 * <p>OLD rows carry {@code written_at}, set by the writer with {@code clock_timestamp()}; both
 * targets carry {@code applied_at}, set by a row trigger when the replicated row lands. All three
 * databases live on one server, so {@code applied_at - written_at} is a lag measured on one clock.
 * {@code applied_at} exists only in the targets and is nullable, so dualmigrate's mapping leaves it
 * alone and the trigger owns it.
 */
final class BenchTable {

    static final String NAME = "bench_items";

    /** The replicated columns, in OLD's order: what the convergence checksum compares. */
    static final String COLUMNS =
            "id, account_id, qty, price, discount, status, sku, created_at, rev, written_at";

    static final String COLUMN_DDL =
            "id bigint PRIMARY KEY, account_id integer NOT NULL, qty integer NOT NULL,"
                    + " price numeric(12,2) NOT NULL, discount numeric(5,4), status text NOT NULL,"
                    + " sku varchar(16) NOT NULL, created_at timestamp NOT NULL,"
                    + " rev integer NOT NULL DEFAULT 0,"
                    + " written_at timestamptz NOT NULL DEFAULT clock_timestamp()";

    private BenchTable() {}

    static void createInOld(Connection old) throws SQLException {
        exec(
                old,
                "CREATE TABLE " + NAME + " (" + COLUMN_DDL + ")",
                // text columns: dualmigrate's start-up check asks for the full old row image
                "ALTER TABLE " + NAME + " REPLICA IDENTITY FULL");
    }

    /** NEW: the mapped columns, dualmigrate's bookkeeping columns, and the trigger column. */
    static void createInNew(Connection neu) throws SQLException {
        exec(
                neu,
                "CREATE TABLE "
                        + NAME
                        + " ("
                        + COLUMN_DDL
                        + ", _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false,"
                        + " applied_at timestamptz)");
        stampTrigger(neu, false);
    }

    /**
     * SUB: the same columns and the trigger column; the trigger fires ALWAYS because the apply
     * worker runs with {@code session_replication_role = replica}.
     */
    static void createInSubscriber(Connection sub) throws SQLException {
        exec(sub, "CREATE TABLE " + NAME + " (" + COLUMN_DDL + ", applied_at timestamptz)");
        stampTrigger(sub, true);
    }

    private static void stampTrigger(Connection c, boolean always) throws SQLException {
        exec(
                c,
                "CREATE FUNCTION bench_stamp() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN NEW.applied_at := clock_timestamp(); RETURN NEW; END $$",
                "CREATE TRIGGER bench_stamp BEFORE INSERT OR UPDATE ON "
                        + NAME
                        + " FOR EACH ROW EXECUTE FUNCTION bench_stamp()");
        if (always) {
            exec(c, "ALTER TABLE " + NAME + " ENABLE ALWAYS TRIGGER bench_stamp");
        }
    }

    /** Inserts rows {@code from..to} (inclusive) with deterministic, realistic values. */
    static void insertRows(Connection old, long from, long to) throws SQLException {
        exec(
                old,
                "INSERT INTO "
                        + NAME
                        + " (id, account_id, qty, price, discount, status, sku, created_at)"
                        + " SELECT g, (g * 7919) % 50000, (g % 100) + 1,"
                        + " ((g * 37) % 100000) / 100.0,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE (g % 1000) / 10000.0 END,"
                        + " (ARRAY['open','paid','shipped','closed'])[(g % 4) + 1],"
                        + " 'SKU-' || lpad(((g * 13) % 1000000)::text, 6, '0'),"
                        + " timestamp '2024-01-01' + g * interval '17 seconds'"
                        + " FROM generate_series(CAST("
                        + from
                        + " AS bigint), "
                        + to
                        + ") g");
    }

    /**
     * The update both writers run: a few columns, {@code rev + 1}, and a fresh {@code written_at};
     * the parameter is a {@code bigint[]} of keys.
     */
    static final String UPDATE =
            "UPDATE "
                    + NAME
                    + " SET qty = qty + 1, price = price + 0.01,"
                    + " status = CASE status WHEN 'open' THEN 'paid' WHEN 'paid' THEN 'shipped'"
                    + " ELSE 'open' END, rev = rev + 1, written_at = clock_timestamp()"
                    + " WHERE id = ANY(?)";

    static void exec(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
