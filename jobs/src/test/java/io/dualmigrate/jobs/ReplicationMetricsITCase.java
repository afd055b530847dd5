package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metrics docs/replication.md names are there and count what happened. */
class ReplicationMetricsITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension(METRICS);

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    /** Sum over subtasks of the metric with exactly this name (the class runs one job). */
    private static long sum(String name) {
        long total = 0;
        for (var group : METRICS.getMetricsByGroup().values()) {
            Metric metric = group.get(name);
            if (metric == null) {
                continue;
            }
            if (metric instanceof Counter) {
                total += ((Counter) metric).getCount();
            } else if (metric instanceof Histogram) {
                total += ((Histogram) metric).getCount();
            } else if (metric instanceof Gauge
                    && ((Gauge<?>) metric).getValue() instanceof Number) {
                total += ((Number) ((Gauge<?>) metric).getValue()).longValue();
            }
        }
        return total;
    }

    @Test
    void countersAndTheLagHistogramReflectTheRun() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "metrics")) {
            m.createTable("events", "id int PRIMARY KEY, v int NOT NULL");
            Sql.exec(m.old, "INSERT INTO events SELECT g, 0 FROM generate_series(1, 1000) g;\n");
            m.start(m.configFor("", "events"));
            m.awaitConverged("events", "id, v", Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "UPDATE events SET v = 1 WHERE id <= 300;\n"
                            + "DELETE FROM events WHERE id > 900;\n");
            m.awaitConverged("events", "id, v", Duration.ofSeconds(60));
            Awaits.until(() -> sum("rowsApplied"), n -> n >= 1400, Duration.ofSeconds(10));

            assertThat(sum("snapshotRowsRead")).isEqualTo(1000);
            assertThat(sum("snapshotRowsWritten")).isEqualTo(1000);
            assertThat(sum("changesApplied")).isEqualTo(1400);
            assertThat(sum("rowsApplied")).isEqualTo(1400);
            assertThat(sum("tombstones")).isEqualTo(100);
            assertThat(sum("staleDropped")).isZero();
            assertThat(sum("duplicatesDropped")).isZero();
            assertThat(sum("deadLetters")).isZero();
            assertThat(sum("replicationLagMs")).as("lag samples of streamed rows").isEqualTo(400);
            assertThat(sum("snapshotRowsEstimated")).isEqualTo(2000);
            assertThat(sum("numSnapshotSplitsFinished")).as("chunks done (Flink CDC)").isPositive();
        }
    }
}
