package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.ReplicationSlots;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** NEW goes away under load and comes back: the sink retries, reconnects and loses nothing. */
class TargetRestartITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final PostgresExtension OLD = new PostgresExtension();

    @Test
    void aRestartOfNewUnderLoadLosesNothing() throws Exception {
        EmbeddedPostgres neu = EmbeddedPostgres.start();
        int newPort = neu.port();
        String table = "CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL";
        OLD.server().createDatabase("old_target");
        neu.createDatabase("new_target");
        JobClient job = null;
        try (Connection old = OLD.server().connect("old_target")) {
            Sql.exec(
                    old,
                    table
                            + ");\nINSERT INTO counters SELECT g, 0 FROM generate_series(1, 200) g;\n");
            try (Connection c = neu.connect("new_target")) {
                Sql.exec(
                        c,
                        table
                                + ", _dm_version bigint,"
                                + " _dm_deleted boolean NOT NULL DEFAULT false);\n");
            }
            MigrationConfig config =
                    new MigrationConfigLoader(Map.of("PW", EmbeddedPostgres.PASSWORD))
                            .parse(
                                    "migration:\n  name: target\nsource:\n  hostname: 127.0.0.1\n"
                                            + "  port: "
                                            + OLD.server().port()
                                            + "\n"
                                            + "  database: old_target\n  username: postgres\n"
                                            + "  password-env: PW\ntarget:\n"
                                            + "  hostname: 127.0.0.1\n  port: "
                                            + newPort
                                            + "\n"
                                            + "  database: new_target\n  username: postgres\n"
                                            + "  password-env: PW\n  max-retries: 8\n"
                                            + "tables:\n  - source: public.counters\n");
            StreamExecutionEnvironment env = FlinkCluster.environment();
            ReplicationJob.build(env, config);
            job = env.executeAsync("target restart");
            awaitConverged(old, neu, Duration.ofSeconds(90));

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong writes = new AtomicLong();
            Thread writer =
                    new Thread(
                            () -> {
                                try (Connection c = OLD.server().connect("old_target")) {
                                    int i = 0;
                                    while (writing.get()) {
                                        Sql.exec(
                                                c,
                                                "UPDATE counters SET n = n + 1 WHERE id % 20 = "
                                                        + (i++ % 20)
                                                        + ";\n");
                                        writes.incrementAndGet();
                                        Thread.sleep(5);
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            writer.start();
            Thread.sleep(1_000);
            neu.stop();
            Thread.sleep(4_000);
            neu = EmbeddedPostgres.start(neu.directory(), newPort);
            Thread.sleep(2_000);
            writing.set(false);
            writer.join();

            assertThat(writes.get()).as("updates made while NEW was down").isGreaterThan(100);
            awaitConverged(old, neu, Duration.ofSeconds(120));
            job.cancel().get();
            job = null;
            ReplicationSlots.dropWhenInactive(old, "dualmigrate_target", 10_000);
        } finally {
            if (job != null) {
                job.cancel();
            }
            neu.close();
        }
    }

    private static void awaitConverged(Connection old, EmbeddedPostgres neu, Duration timeout)
            throws Exception {
        try (Connection c = neu.connect("new_target")) {
            assertThat(
                            Convergence.await(
                                    old,
                                    c,
                                    "counters",
                                    "counters",
                                    "id, n",
                                    MigrationFixture.LIVE,
                                    timeout))
                    .as("NEW converged with OLD")
                    .isTrue();
        }
    }
}
