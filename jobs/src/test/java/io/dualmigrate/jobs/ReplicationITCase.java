package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplicationITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    @Test
    void snapshotThenStreamConvergeAcrossTablesWithCompositeKeys() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "converge")) {
            String ddl =
                    "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, tier int);\n"
                            + "CREATE TABLE order_lines (order_id bigint, line int, sku text,"
                            + " qty int, PRIMARY KEY (order_id, line));\n"
                            + "ALTER TABLE customers REPLICA IDENTITY FULL;\n"
                            + "ALTER TABLE order_lines REPLICA IDENTITY FULL;\n";
            Sql.exec(m.old, ddl);
            Sql.exec(
                    m.neu,
                    ddl.replace(
                                    "tier int)",
                                    "tier int, _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false)")
                            .replace(
                                    "qty int,",
                                    "qty int, _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false,"));
            Sql.exec(
                    m.old,
                    "INSERT INTO customers SELECT g, 'c' || g, g % 3 FROM generate_series(1, 3000) g;\n"
                            + "INSERT INTO order_lines SELECT g / 4, g % 4, 'sku' || g, g FROM"
                            + " generate_series(1, 4000) g;\n");

            m.start(
                    m.config(
                            m.header("")
                                    + "tables:\n  - source: public.customers\n"
                                    + "  - source: public.order_lines\n"));
            m.awaitConverged("customers", "id, name, tier", Duration.ofSeconds(90));
            m.awaitConverged("order_lines", "order_id, line, sku, qty", Duration.ofSeconds(60));

            // Right after the snapshot, before the stream reader has started: these changes
            // fall in the window that Debezium's publication management used to lose.
            Sql.exec(
                    m.old,
                    "UPDATE customers SET tier = tier + 10 WHERE id % 7 = 0;\n"
                            + "DELETE FROM customers WHERE id % 11 = 0;\n"
                            + "INSERT INTO customers VALUES (5000, 'new', 1);\n"
                            + "UPDATE order_lines SET qty = -qty WHERE order_id % 5 = 0;\n"
                            + "DELETE FROM order_lines WHERE line = 2;\n");
            m.awaitConverged("customers", "id, name, tier", Duration.ofSeconds(60));
            m.awaitConverged("order_lines", "order_id, line, sku, qty", Duration.ofSeconds(60));

            assertThat(Sql.queryLong(m.neu, "SELECT count(*) FROM customers WHERE _dm_deleted"))
                    .as("deleted customers stay as tombstones")
                    .isEqualTo(
                            Sql.queryLong(
                                    m.old,
                                    "SELECT count(*) FROM generate_series(1, 3000) g WHERE g % 11 = 0"));
        }
    }

    @Test
    void rowsUpdatedWhileTheirChunkIsSnapshottedConverge() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "during")) {
            m.createTable("items", "id bigint PRIMARY KEY, n bigint NOT NULL, note text");
            Sql.exec(
                    m.old,
                    "INSERT INTO items SELECT g, 0, 'x' FROM generate_series(1, 20000) g;\n");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong updates = new AtomicLong();
            Thread writer =
                    new Thread(
                            () -> {
                                try (var c = PG.server().connect("old_during")) {
                                    var random = new java.util.Random(7);
                                    while (running.get()) {
                                        long id = 1 + random.nextInt(20000);
                                        Sql.exec(
                                                c,
                                                "UPDATE items SET n = n + 1, note = 'u"
                                                        + id
                                                        + "' WHERE id = "
                                                        + id
                                                        + ";\n"
                                                        + (id % 10 == 0
                                                                ? "DELETE FROM items WHERE id = "
                                                                        + (id + 1)
                                                                        + ";\n"
                                                                : ""));
                                        updates.incrementAndGet();
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            writer.start();
            m.start(
                    m.config(
                            m.header("")
                                            .replace(
                                                    "chunk-size: 500\n",
                                                    "chunk-size: 500\n    rate-limit: 4000\n")
                                    + "tables:\n  - source: public.items\n"));
            Thread.sleep(6_000);
            running.set(false);
            writer.join();
            assertThat(updates.get()).as("updates made during the snapshot").isGreaterThan(100);
            m.awaitConverged("items", "id, n, note", Duration.ofSeconds(90));
        }
    }

    @Test
    void deleteReinsertKeyChangeAndManyUpdatesInOneTransaction() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "edges")) {
            m.createTable("acct", "id int PRIMARY KEY, balance bigint NOT NULL, owner text");
            Sql.exec(
                    m.old,
                    "INSERT INTO acct SELECT g, g, 'o' || g FROM generate_series(1, 100) g;\n");
            m.start(m.configFor("", "acct"));
            m.awaitConverged("acct", "id, balance, owner", Duration.ofSeconds(90));

            Sql.exec(
                    m.old,
                    "DELETE FROM acct WHERE id = 1;\n"
                            + "INSERT INTO acct VALUES (1, 1000, 'reborn');\n"
                            + "DELETE FROM acct WHERE id = 2;\n"
                            + "UPDATE acct SET id = 500 WHERE id = 3;\n"
                            + "BEGIN;\n"
                            + "UPDATE acct SET balance = balance + 1 WHERE id = 4;\n"
                            + "UPDATE acct SET balance = balance + 1 WHERE id = 4;\n"
                            + "UPDATE acct SET balance = balance + 1 WHERE id = 4;\n"
                            + "DELETE FROM acct WHERE id = 5;\n"
                            + "INSERT INTO acct VALUES (5, 55, 'same txn');\n"
                            + "UPDATE acct SET balance = 77 WHERE id = 5;\n"
                            + "COMMIT;\n");
            m.awaitConverged("acct", "id, balance, owner", Duration.ofSeconds(60));
            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT id, balance, owner, _dm_deleted FROM acct WHERE id IN (1,2,3,4,5,500) ORDER BY id"))
                    .containsExactly(
                            "1|1000|reborn|f",
                            "2|2|o2|t",
                            "3|3|o3|t",
                            "4|7|o4|f",
                            "5|77|same txn|f",
                            "500|3|o3|f");
        }
    }

    @Test
    void versionColumnModeHonoursApplicationWritesToNew() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "vcol")) {
            m.createTable("doc", "id int PRIMARY KEY, v bigint NOT NULL, body text");
            Sql.exec(
                    m.old,
                    "INSERT INTO doc SELECT g, 1, 'b' || g FROM generate_series(1, 50) g;\n");
            m.start(
                    m.configFor(
                            "replication:\n  version-source: column\n  version-column: v\n",
                            "doc"));
            m.awaitConverged("doc", "id, v, body", Duration.ofSeconds(90));

            // The application writes NEW directly with a newer version: the job must not undo it.
            Sql.exec(
                    m.neu,
                    "UPDATE doc SET body = 'app wrote NEW', v = 9, _dm_version = 9 WHERE id = 10;\n");
            Sql.exec(
                    m.old,
                    "UPDATE doc SET body = 'older write', v = 5 WHERE id = 10;\n"
                            + "DELETE FROM doc WHERE id = 20;\n"
                            + "INSERT INTO doc VALUES (20, 2, 'reinserted');\n"
                            + "UPDATE doc SET body = 'newer', v = 2 WHERE id = 30;\n");
            Awaits.until(
                    () -> Sql.rows(m.neu, "SELECT body FROM doc WHERE id IN (20, 30) ORDER BY id"),
                    rows -> rows.equals(java.util.List.of("reinserted", "newer")),
                    Duration.ofSeconds(60));
            assertThat(Sql.rows(m.neu, "SELECT body, _dm_version FROM doc WHERE id = 10"))
                    .containsExactly("app wrote NEW|9");
            assertThat(Sql.rows(m.neu, "SELECT v, _dm_version, _dm_deleted FROM doc WHERE id = 20"))
                    .containsExactly("2|2|f");
        }
    }

    @Test
    void anUpdateThatLeavesALargeTextValueUntouchedKeepsIt() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "toast")) {
            m.createTable("blob", "id int PRIMARY KEY, counter int NOT NULL, big text");
            // md5 chains are incompressible, so the 40 kB value is stored out of line (TOASTed).
            Sql.exec(
                    m.old,
                    "INSERT INTO blob SELECT g, 0, (SELECT string_agg(md5(g::text || i::text), '')"
                            + " FROM generate_series(1, 1250) i) FROM generate_series(1, 5) g;\n");
            m.start(m.configFor("", "blob"));
            m.awaitConverged("blob", "id, counter, big", Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "UPDATE blob SET counter = counter + 1;\nUPDATE blob SET counter = counter + 1 WHERE id = 1;\n");
            m.awaitConverged("blob", "id, counter, big", Duration.ofSeconds(60));
            assertThat(Sql.queryLong(m.neu, "SELECT min(length(big)) FROM blob")).isEqualTo(40_000);
        }
    }

    @Test
    void columnsArriveRenamedDroppedCastAndFilled() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "mapping")) {
            Sql.exec(
                    m.old,
                    "CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(10,2) NOT NULL,"
                            + " legacy int, placed date);\n"
                            + "INSERT INTO orders SELECT g, g * 1.25, g, DATE '2024-01-01' + g"
                            + " FROM generate_series(1, 300) g;\n");
            Sql.exec(
                    m.neu,
                    "CREATE SCHEMA app;\n"
                            + "CREATE TABLE app.orders_v2 (id bigint PRIMARY KEY,"
                            + " total numeric(12,2) NOT NULL, placed text, region text NOT NULL,"
                            + " _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false);\n");
            m.start(
                    m.config(
                            m.header("")
                                    + "tables:\n  - source: public.orders\n"
                                    + "    target: app.orders_v2\n"
                                    + "    rename: {amount: total}\n"
                                    + "    drop: [legacy]\n"
                                    + "    add: {region: eu-west}\n"
                                    + "    cast: {amount: 'numeric(12,2)', placed: text}\n"));
            Awaits.until(
                    () -> Sql.queryLong(m.neu, "SELECT count(*) FROM app.orders_v2"),
                    n -> n == 300,
                    Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "UPDATE orders SET amount = 99999999.99 WHERE id = 1;\n"
                            + "DELETE FROM orders WHERE id = 2;\n");
            Awaits.until(
                    () ->
                            Sql.rows(
                                    m.neu,
                                    "SELECT id, total, placed, region, _dm_deleted FROM app.orders_v2 WHERE id <= 3 ORDER BY id"),
                    rows ->
                            rows.equals(
                                    java.util.List.of(
                                            "1|99999999.99|2024-01-02|eu-west|f",
                                            "2|2.50|2024-01-03|eu-west|t",
                                            "3|3.75|2024-01-04|eu-west|f")),
                    Duration.ofSeconds(90));
            assertThat(
                            Sql.queryLong(
                                    m.neu,
                                    "SELECT count(*) FROM app.orders_v2 WHERE NOT _dm_deleted"))
                    .isEqualTo(299);
        }
    }
}
