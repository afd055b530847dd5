package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The databases restart under load while the job runs on a standalone cluster: NEW is gone for 30 s
 * (the sink backs off and retries), OLD restarts after an immediate shutdown (the job resumes from
 * its slot). Nothing is lost, resurrected or regressed.
 */
class DatabaseRestartITCase {

    @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension();

    private static final int ROWS = 2_000;

    @Test
    void newGoneForThirtySecondsUnderLoadLosesNothing() throws Exception {
        // 12 retries back off 0.2, 0.4, … 10 s: about a minute, more than the outage.
        try (ClusterMigration m =
                new ClusterMigration(CLUSTER, "newdown", ROWS, "  max-retries: 12\n", 0)) {
            String job = m.submit(2, null);
            Awaits.until(m::liveRowsInNew, n -> n == ROWS, Duration.ofSeconds(90));
            m.monitor.start();
            m.writer.start();
            Thread.sleep(2_000);

            CLUSTER.stopNew();
            long stoppedAt = m.writer.statements();
            Thread.sleep(30_000);
            CLUSTER.startNew();
            assertThat(m.writer.statements() - stoppedAt)
                    .as("changes made in OLD while NEW was down")
                    .isGreaterThan(500);
            Thread.sleep(3_000);

            m.assertConverged(Duration.ofSeconds(120));
            assertThat(m.monitor.failedPolls).as("NEW was really unreachable").isPositive();
            // REST metrics are fetched lazily by the JobManager: poll until they show up.
            Awaits.until(
                    () ->
                            CLUSTER.rest()
                                    .operatorMetrics(job, List.of("writeRetries"))
                                    .getOrDefault("writeRetries", 0.0),
                    retries -> retries > 0,
                    Duration.ofSeconds(15));
            assertThat(CLUSTER.rest().lowestAttempt(job))
                    .as("rode out the outage by retrying, without a failover")
                    .isZero();
            assertThat(CLUSTER.rest().jobState(job)).isEqualTo("RUNNING");
        }
    }

    @Test
    void oldRestartedUnderLoadResumesFromItsSlot() throws Exception {
        try (ClusterMigration m = new ClusterMigration(CLUSTER, "oldrestart", ROWS, "", 0)) {
            String job = m.submit(2, null);
            Awaits.until(m::liveRowsInNew, n -> n == ROWS, Duration.ofSeconds(90));
            m.monitor.start();
            m.writer.start();
            Thread.sleep(3_000);

            CLUSTER.crashOld();
            long failuresBefore = m.writer.failures();
            Thread.sleep(3_000);
            CLUSTER.startOld();
            long afterRestart = m.writer.statements();
            Awaits.until(m.writer::statements, n -> n > afterRestart + 300, Duration.ofSeconds(60));
            assertThat(m.writer.failures() - failuresBefore)
                    .as("the application saw OLD go away")
                    .isPositive();
            CLUSTER.cluster().awaitRunning(job, Duration.ofSeconds(90));

            m.assertConverged(Duration.ofSeconds(120));
            assertThat(CLUSTER.rest().jobState(job)).isEqualTo("RUNNING");
        }
    }
}
