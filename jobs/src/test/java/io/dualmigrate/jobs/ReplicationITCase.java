package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.time.Duration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplicationITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void snapshotThenStreamConvergeAcrossTablesWithCompositeKeys() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "converge")) {
            String ddl =
                    "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, tier int);\n"
                            + "CREATE TABLE order_lines (order_id bigint, line int, sku text,"
                            + " qty int, PRIMARY KEY (order_id, line));\n"
                            + "ALTER TABLE customers REPLICA IDENTITY FULL;\n"
                            + "ALTER TABLE order_lines REPLICA IDENTITY FULL;\n";
            Sql.exec(m.old, ddl);
            Sql.exec(
                    m.neu,
                    ddl.replace("tier int)", "tier int, _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false)")
                            .replace("qty int,", "qty int, _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false,"));
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
                    .isEqualTo(Sql.queryLong(m.old, "SELECT count(*) FROM generate_series(1, 3000) g WHERE g % 11 = 0"));
        }
    }
}
