package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parity while the application writes OLD and the replication job carries the changes: rows that
 * change during the run are re-checked and are not reported as drift; one key is updated without
 * pause the whole time. Then drift injected into NEW is still found under the same load.
 */
class ParityLiveITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    private static final int ROWS = 20_000;
    private static final String PARITY =
            "parity:\n  recheck-delay: 2 s\n  range-rows: 2000\n  leaf-rows: 200\n";

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
    void writesDuringTheRunAreNotDriftButRealDriftIsStillFound() throws Exception {
        try (MigrationFixture m = new MigrationFixture(pg, "parity_live")) {
            m.createTable("events", "id int PRIMARY KEY, payload text, n int");
            Sql.exec(
                    m.old,
                    "INSERT INTO events SELECT g, md5(g::text), 0 FROM generate_series(1, "
                            + ROWS
                            + ") g;\n");
            MigrationConfig config = m.configFor(PARITY, "events");
            m.start(config);
            m.awaitConverged("events", "id, payload, n", Duration.ofSeconds(60));

            AtomicLong writes = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> write(writes, failure), "application");
            writer.start();
            try {
                Thread.sleep(500);
                long before = writes.get();
                ParityReport live = Parity.run(config, false);
                long during = writes.get() - before;
                live.print(System.out);
                assertThat(failure.get()).isNull();
                assertThat(during).as("changes written to OLD during the run").isGreaterThan(200);
                assertThat(live.drift()).as("confirmed drift under live writes").isZero();
                assertThat(live.exitCode()).isZero();

                Sql.exec(m.neu, "UPDATE events SET payload = 'corrupt' WHERE id = 15000;\n");
                ParityReport found = Parity.run(config, false);
                assertThat(Parity.drift(m.neu, found))
                        .as("only the injected drift is confirmed")
                        .containsExactly("public.events|[\"15000\"]|VALUE_MISMATCH|payload|f");
            } finally {
                writer.interrupt();
                writer.join();
            }
        }
    }

    /**
     * The application: updates random rows, inserts and deletes above the initial keys, and updates
     * row 1 in every transaction, until interrupted.
     */
    private static void write(AtomicLong writes, AtomicReference<Throwable> failure) {
        try (Connection c = pg.connect("old_parity_live");
                PreparedStatement update =
                        c.prepareStatement(
                                "UPDATE events SET n = n + 1, payload = md5(random()::text) WHERE id = ? OR id = 1");
                PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO events VALUES (?, 'new', 0) ON CONFLICT DO NOTHING");
                PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE id = ?")) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!Thread.currentThread().isInterrupted()) {
                update.setInt(1, 1 + random.nextInt(ROWS - 2000));
                update.executeUpdate();
                int above = ROWS + 1 + random.nextInt(500);
                insert.setInt(1, above);
                insert.executeUpdate();
                delete.setInt(1, ROWS - random.nextInt(1000));
                delete.executeUpdate();
                writes.addAndGet(3);
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure.set(e);
        }
    }
}
