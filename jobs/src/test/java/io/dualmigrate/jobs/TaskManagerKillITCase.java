package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.schema.Teardown;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of a TaskManager of a standalone cluster, once during the snapshot and once while
 * streaming under load, each time followed by a replacement TaskManager: the job restarts from its
 * last checkpoint and NEW converges without losing, resurrecting or regressing a row. Then every
 * TaskManager dies at once, and teardown still drops the job's slots.
 */
class TaskManagerKillITCase {

    @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension();

    private static final int ROWS = 20_000;

    @Test
    void aKilledTaskManagerIsReplacedAndNothingIsLost() throws Exception {
        try (ClusterMigration m = new ClusterMigration(CLUSTER, "tmkill", ROWS, "", 2_000)) {
            m.monitor.start();
            m.writer.start();
            String job = m.submit(2, null);

            long before = Awaits.until(m::liveRowsInNew, n -> n >= 3_000, Duration.ofSeconds(90));
            assertThat(before).as("killed during the snapshot").isLessThan(ROWS / 2);
            killOneAndReplace(job);
            assertThat(m.liveRowsInNew())
                    .as("still backfilling after the restart")
                    .isLessThan(ROWS);

            Awaits.until(
                    () -> m.liveRowsInNew() >= ROWS - m.writer.deletes() - 50,
                    done -> done,
                    Duration.ofSeconds(120));
            Thread.sleep(3_000);
            killOneAndReplace(job);
            Thread.sleep(3_000);

            m.assertConverged(Duration.ofSeconds(120));
            assertThat(CLUSTER.rest().lowestAttempt(job))
                    .as("restarts after the two kills")
                    .isGreaterThanOrEqualTo(2);
            assertThat(CLUSTER.rest().jobState(job)).isEqualTo("RUNNING");

            for (String tm : CLUSTER.cluster().taskManagers()) {
                CLUSTER.cluster().killTaskManager(tm);
            }
            Teardown.Result dropped = awaitTeardown(m);
            assertThat(dropped.slots()).contains("dualmigrate_tmkill");
            try (Connection old = m.old()) {
                assertThat(Sql.queryLong(old, "SELECT count(*) FROM pg_replication_slots"))
                        .as("slots left on OLD")
                        .isZero();
            }
            CLUSTER.rest().cancel(job);
            CLUSTER.ensureTaskManagers(ClusterExtension.TASK_MANAGERS);
        }
    }

    /** Kills the oldest TaskManager, starts a new one and waits until the job runs again. */
    private static void killOneAndReplace(String job) throws Exception {
        int attempt = CLUSTER.rest().lowestAttempt(job);
        CLUSTER.cluster().killTaskManager(CLUSTER.cluster().taskManagers().get(0));
        CLUSTER.cluster().startTaskManager();
        Awaits.until(
                () -> CLUSTER.rest().lowestAttempt(job), n -> n > attempt, Duration.ofSeconds(90));
        CLUSTER.cluster().awaitRunning(job, Duration.ofSeconds(90));
    }

    /** With its TaskManagers gone the job holds no slot any more: teardown drops them. */
    private static Teardown.Result awaitTeardown(ClusterMigration m) throws Exception {
        Teardown teardown = new Teardown(MigrationConfigLoader.load(m.migrationFile));
        return Awaits.until(
                () -> {
                    try {
                        return teardown.run();
                    } catch (io.dualmigrate.config.ConfigException stillActive) {
                        return null;
                    }
                },
                r -> r != null,
                Duration.ofSeconds(30));
    }
}
