package io.dualmigrate.bench;

import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.ReplicationSlots;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's native logical replication of the benchmark table: a publication in OLD, a
 * subscription in SUB whose initial table sync copies the rows, then {@code pgoutput} streaming
 * into the subscriber's apply worker.
 *
 * <p>OLD and SUB are on the same server, and {@code CREATE SUBSCRIPTION} that creates its slot on
 * its own cluster waits forever for its own transaction; so the slot is created first and the
 * subscription attached to it ({@code create_slot = false}).
 */
final class NativeReplication implements AutoCloseable {

    static final String PUBLICATION = "bench_native_pub";
    static final String SLOT = "bench_native_slot";
    static final String SUBSCRIPTION = "bench_native_sub";

    private final EmbeddedPostgres pg;
    private final String oldDatabase;
    private final Connection old;
    private final Connection sub;
    private boolean publication;
    private boolean slot;
    private boolean subscription;

    NativeReplication(EmbeddedPostgres pg, String oldDatabase, Connection old, Connection sub) {
        this.pg = pg;
        this.oldDatabase = oldDatabase;
        this.old = old;
        this.sub = sub;
    }

    /** Publication, slot and subscription; the table sync starts at once. */
    void start() throws SQLException {
        BenchTable.exec(old, "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE " + BenchTable.NAME);
        publication = true;
        BenchTable.exec(
                old, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        slot = true;
        BenchTable.exec(
                sub,
                "CREATE SUBSCRIPTION "
                        + SUBSCRIPTION
                        + " CONNECTION 'host=127.0.0.1 port="
                        + pg.port()
                        + " dbname="
                        + oldDatabase
                        + " user="
                        + EmbeddedPostgres.USER
                        + " password="
                        + EmbeddedPostgres.PASSWORD
                        + "' PUBLICATION "
                        + PUBLICATION
                        + " WITH (create_slot = false, slot_name = '"
                        + SLOT
                        + "', copy_data = true)");
        subscription = true;
    }

    /** True once every table of the subscription finished its initial sync. */
    boolean synced() throws SQLException {
        return Sql.rows(
                        sub,
                        "SELECT count(*) > 0 AND bool_and(srsubstate = 'r') FROM"
                                + " pg_subscription_rel")
                .get(0)
                .equals("t");
    }

    /** Disables and drops the subscription, then drops the slots it used and the publication. */
    @Override
    public void close() throws Exception {
        if (subscription) {
            // detach the slot first: dropping it from inside DROP SUBSCRIPTION would connect to
            // this same server from within a transaction
            BenchTable.exec(
                    sub,
                    "ALTER SUBSCRIPTION " + SUBSCRIPTION + " DISABLE",
                    "ALTER SUBSCRIPTION " + SUBSCRIPTION + " SET (slot_name = NONE)",
                    "DROP SUBSCRIPTION " + SUBSCRIPTION);
            subscription = false;
        }
        if (slot) {
            ReplicationSlots.dropWhenInactive(old, SLOT, 30_000);
            // table-sync slots left by an interrupted initial copy
            ReplicationSlots.dropWhenInactive(old, "pg_", 10_000);
            slot = false;
        }
        if (publication) {
            BenchTable.exec(old, "DROP PUBLICATION IF EXISTS " + PUBLICATION);
            publication = false;
        }
    }
}
