package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stop with a savepoint, resume with another parallelism, on a standalone cluster, while the
 * application keeps writing: the changes made while the job was stopped wait in the slot and arrive
 * after the resume.
 */
class RescaleITCase {

    @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension();

    private static final int ROWS = 2_000;

    @Test
    void stopWithSavepointThenResumeWithParallelismThree() throws Exception {
        try (ClusterMigration m = new ClusterMigration(CLUSTER, "rescale", ROWS, "", 0)) {
            String first = m.submit(2, null);
            Awaits.until(m::liveRowsInNew, n -> n == ROWS, Duration.ofSeconds(90));
            m.monitor.start();
            m.writer.start();
            Awaits.until(
                    () -> CLUSTER.rest().completedCheckpoints(first),
                    n -> n >= 2,
                    Duration.ofSeconds(60));

            Path savepoint =
                    Path.of(
                            java.net.URI.create(
                                    CLUSTER.rest()
                                            .stopWithSavepoint(
                                                    first,
                                                    CLUSTER.folder("rescale-savepoints"),
                                                    Duration.ofSeconds(60))));
            assertThat(savepoint.resolve("_metadata")).exists();
            // The savepoint completes just before the job reaches FINISHED: wait for the state.
            assertThat(
                            Awaits.until(
                                    () -> CLUSTER.rest().jobState(first),
                                    "FINISHED"::equals,
                                    Duration.ofSeconds(30)))
                    .isEqualTo("FINISHED");
            long stoppedAt = m.writer.statements();
            CLUSTER.ensureTaskManagers(3);
            Awaits.until(m.writer::statements, n -> n > stoppedAt + 200, Duration.ofSeconds(30));

            String second = m.submit(3, savepoint.toUri().toString());
            assertThat(
                            CLUSTER.rest()
                                    .get("/jobs/" + second + "/checkpoints")
                                    .path("latest")
                                    .path("restored")
                                    .path("external_path")
                                    .asText())
                    .as("restored from the savepoint")
                    .contains(savepoint.getFileName().toString());
            assertThat(
                            CLUSTER.rest()
                                    .get("/jobs/" + second)
                                    .path("vertices")
                                    .findValuesAsText("parallelism"))
                    .as("parallelism of each vertex")
                    .containsOnly("3");
            Thread.sleep(3_000);

            m.assertConverged(Duration.ofSeconds(120));
        }
    }
}
