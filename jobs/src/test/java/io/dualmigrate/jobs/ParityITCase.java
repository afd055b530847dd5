package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift injected into NEW (and OLD) by hand is found by kind, down to the key and the fields,
 * confirmed, recorded, repaired through the version guard, and a second run reports 100 %.
 */
class ParityITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    /** Small ranges and leaves, so that bisection runs through several levels. */
    private static final String PARITY =
            "parity:\n  recheck-delay: 200 ms\n  range-rows: 400\n  leaf-rows: 40\n"
                    + "  split-factor: 4\n";

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void everyKindOfDriftIsFoundRecordedAndRepaired() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_kinds")) {
            m.createTable(
                    "accounts", "id bigint PRIMARY KEY, name text, balance numeric, note text");
            m.createTable(
                    "lines",
                    "order_id int, line_no int, sku text, qty int, PRIMARY KEY (order_id, line_no)");
            Sql.exec(
                    m.old,
                    "INSERT INTO accounts SELECT g, 'name ' || g, g * 1.5,"
                            + " CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN '' ELSE 'n' END"
                            + " FROM generate_series(1, 3000) g;\n"
                            + "INSERT INTO lines SELECT o, l, 'sku-' || o || '-' || l, l"
                            + " FROM generate_series(1, 500) o, generate_series(1, 4) l;\n");
            Sql.exec(
                    m.neu,
                    "INSERT INTO accounts SELECT g, 'name ' || g, g * 1.5,"
                            + " CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN '' ELSE 'n' END,"
                            + " 1000 + g, false FROM generate_series(1, 3000) g;\n"
                            + "INSERT INTO lines SELECT o, l, 'sku-' || o || '-' || l, l, 7, false"
                            + " FROM generate_series(1, 500) o, generate_series(1, 4) l;\n");
            MigrationConfig config = m.configFor(PARITY, "accounts", "lines");

            ParityReport clean = Parity.run(config, false);
            assertThat(clean.drift()).as("drift before any was injected").isZero();
            assertThat(clean.exitCode()).isZero();
            assertThat(clean.table("public.accounts").rowsOld()).isEqualTo(3000);
            assertThat(clean.table("public.accounts").parityPercent()).isEqualTo(100.0);

            Sql.exec(
                    m.neu,
                    // missing: absent, and a tombstone where OLD is live
                    "DELETE FROM accounts WHERE id IN (7, 1500);\n"
                            + "UPDATE accounts SET _dm_deleted = true WHERE id = 2999;\n"
                            // unexpected: never in OLD
                            + "INSERT INTO accounts VALUES (5000, 'ghost', 1, NULL, 1, false);\n"
                            // values: NULL vs '', '' vs NULL, a changed number
                            + "UPDATE accounts SET note = '' WHERE id = 3;\n"
                            + "UPDATE accounts SET note = NULL WHERE id = 4;\n"
                            + "UPDATE accounts SET balance = 0, name = 'x' WHERE id = 2001;\n"
                            + "UPDATE lines SET qty = 99 WHERE order_id = 250 AND line_no = 3;\n"
                            + "DELETE FROM lines WHERE order_id = 499 AND line_no = 1;\n");
            // unexpected: deleted in OLD, still live in NEW
            Sql.exec(m.old, "DELETE FROM accounts WHERE id = 1200;\n");

            ParityReport found = Parity.run(config, false);
            ParityReport.Row accounts = found.table("public.accounts");
            assertThat(accounts.missingInNew()).isEqualTo(3);
            assertThat(accounts.unexpectedInNew()).isEqualTo(2);
            assertThat(accounts.valueMismatch()).isEqualTo(3);
            assertThat(accounts.staleInNew()).isZero();
            assertThat(accounts.rowsOld()).isEqualTo(2999);
            assertThat(accounts.parityPercent()).isLessThan(100.0);
            assertThat(accounts.method()).isEqualTo("CHECKSUM");
            ParityReport.Row lines = found.table("public.lines");
            assertThat(lines.missingInNew()).isEqualTo(1);
            assertThat(lines.valueMismatch()).isEqualTo(1);
            assertThat(found.exitCode()).isEqualTo(ParityReport.EXIT_DRIFT);
            assertThat(Parity.drift(m.neu, found))
                    .containsExactly(
                            "public.accounts|[\"1200\"]|UNEXPECTED_IN_NEW||f",
                            "public.accounts|[\"1500\"]|MISSING_IN_NEW||f",
                            "public.accounts|[\"2001\"]|VALUE_MISMATCH|name,balance|f",
                            "public.accounts|[\"2999\"]|MISSING_IN_NEW||f",
                            "public.accounts|[\"3\"]|VALUE_MISMATCH|note|f",
                            "public.accounts|[\"4\"]|VALUE_MISMATCH|note|f",
                            "public.accounts|[\"5000\"]|UNEXPECTED_IN_NEW||f",
                            "public.accounts|[\"7\"]|MISSING_IN_NEW||f",
                            "public.lines|[\"250\", \"3\"]|VALUE_MISMATCH|qty|f",
                            "public.lines|[\"499\", \"1\"]|MISSING_IN_NEW||f");

            ParityReport repaired = Parity.run(config, true);
            assertThat(repaired.drift()).isEqualTo(10);
            assertThat(repaired.tables().stream().mapToLong(ParityReport.Row::repaired).sum())
                    .isEqualTo(10);

            ParityReport after = Parity.run(config, false);
            assertThat(after.drift()).as("drift after the repair").isZero();
            assertThat(after.exitCode()).isZero();
            assertThat(after.tables())
                    .allSatisfy(t -> assertThat(t.parityPercent()).isEqualTo(100.0));
            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT id, _dm_deleted FROM accounts WHERE id IN (1200, 5000)"
                                            + " ORDER BY id"))
                    .as("keys OLD does not hold are tombstones in NEW")
                    .containsExactly("1200|t", "5000|t");
            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT note IS NULL FROM accounts WHERE id IN (3, 4) ORDER BY id"))
                    .containsExactly("t", "f");
        }
    }

    @Test
    void versionColumnModeTellsStaleFromAheadAndRepairsOnlyStale() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_versions")) {
            m.createTable("items", "id int PRIMARY KEY, label text, rev bigint NOT NULL");
            Sql.exec(
                    m.old,
                    "INSERT INTO items SELECT g, 'v' || g, 10 FROM generate_series(1, 800) g;\n");
            Sql.exec(
                    m.neu,
                    "INSERT INTO items SELECT g, 'v' || g, 10, 10, false FROM generate_series(1, 800) g;\n"
                            // stale: NEW holds an older version with other values
                            + "UPDATE items SET label = 'old', rev = 9, _dm_version = 9 WHERE id = 10;\n"
                            // ahead: NEW holds a newer version (a write in flight): not drift
                            + "UPDATE items SET label = 'new', rev = 11, _dm_version = 11 WHERE id = 20;\n");
            MigrationConfig config =
                    m.configFor(
                            "replication:\n  version-source: column\n  version-column: rev\n"
                                    + PARITY,
                            "items");

            ParityReport found = Parity.run(config, false);
            ParityReport.Row items = found.table("public.items");
            assertThat(items.staleInNew()).isEqualTo(1);
            assertThat(items.valueMismatch()).isZero();
            assertThat(items.transients()).as("the row ahead in NEW").isEqualTo(1);
            assertThat(Parity.drift(m.neu, found))
                    .containsExactly("public.items|[\"10\"]|STALE_IN_NEW|label,rev|f");

            ParityReport repaired = Parity.run(config, true);
            assertThat(repaired.table("public.items").repaired()).isEqualTo(1);
            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT label, _dm_version FROM items WHERE id IN (10, 20) ORDER BY id"))
                    .as("the stale row repaired with OLD's version, the newer one untouched")
                    .containsExactly("v10|10", "new|11");
            assertThat(Parity.run(config, false).drift()).isZero();
        }
    }

    @Test
    void readsFromOldAreHeldToTheRateLimit() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_throttle")) {
            m.createTable("rows", "id int PRIMARY KEY, v text");
            Sql.exec(m.old, "INSERT INTO rows SELECT g, 'v' FROM generate_series(1, 3000) g;\n");
            Sql.exec(
                    m.neu,
                    "INSERT INTO rows SELECT g, 'v', 1, false FROM generate_series(1, 3000) g;\n");
            long started = System.nanoTime();
            ParityReport report =
                    Parity.run(
                            m.configFor("parity:\n  rate-limit: 1000\n  range-rows: 500\n", "rows"),
                            false);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(report.drift()).isZero();
            // 3,000 rows at 1,000 rows/s, of which at most one second's worth per subtask as a
            // burst.
            assertThat(seconds).as("run time of a throttled run, s").isGreaterThanOrEqualTo(1.0);
            assertThat(report.table("public.rows").seconds())
                    .as("duration in the run record, s")
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void aDeclaredCastIsComparedRowByRowThroughTheMapping() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_cast")) {
            Sql.exec(
                    m.old,
                    "CREATE TABLE payments (id int PRIMARY KEY, amount numeric, payer text,"
                            + " secret text);\nALTER TABLE payments REPLICA IDENTITY FULL;\n"
                            + "INSERT INTO payments SELECT g, g / 4.0, 'p' || g, 's'"
                            + " FROM generate_series(1, 600) g;\n");
            Sql.exec(
                    m.neu,
                    "CREATE TABLE payments (id int PRIMARY KEY, amount numeric(12,2), payer_name"
                            + " text, origin text NOT NULL, _dm_version bigint, _dm_deleted boolean"
                            + " NOT NULL DEFAULT false);\n"
                            + "INSERT INTO payments SELECT g, g / 4.0, 'p' || g, 'legacy', 1, false"
                            + " FROM generate_series(1, 600) g;\n"
                            + "UPDATE payments SET amount = 1.26 WHERE id = 5;\n"
                            + "UPDATE payments SET origin = 'other' WHERE id = 6;\n");
            MigrationConfig config =
                    m.config(
                            m.header(PARITY)
                                    + "tables:\n  - source: public.payments\n"
                                    + "    rename: {payer: payer_name}\n    drop: [secret]\n"
                                    + "    add: {origin: legacy}\n"
                                    + "    cast: {amount: \"numeric(12,2)\"}\n");

            ParityReport found = Parity.run(config, false);
            ParityReport.Row payments = found.table("public.payments");
            assertThat(payments.method()).isEqualTo("ROWS");
            assertThat(payments.valueMismatch()).isEqualTo(2);
            assertThat(Parity.drift(m.neu, found))
                    .containsExactly(
                            "public.payments|[\"5\"]|VALUE_MISMATCH|amount|f",
                            "public.payments|[\"6\"]|VALUE_MISMATCH|origin|f");

            Parity.run(config, true);
            assertThat(Parity.run(config, false).drift()).isZero();
        }
    }
}
