package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
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

    /** The gauge of {@code job}: reported by one subtask only. */
    private static long walRetainedBytes(JobID job) {
        var gauges = METRICS.findMetrics(job, "walRetainedBytes").values();
        assertThat(gauges).hasSize(1);
        return ((Number) ((Gauge<?>) gauges.iterator().next()).getValue()).longValue();
    }

    @Test
    void walRetainedBytesReportsTheWalASlotOfTheJobHolds() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "walgauge")) {
            m.createTable("events", "id int PRIMARY KEY, v int NOT NULL");
            Sql.exec(m.old, "INSERT INTO events SELECT g, 0 FROM generate_series(1, 100) g;\n");
            // A slot under the job's prefix that nobody reads: it holds all WAL written after it,
            // as a stuck subtask's slot would.
            Sql.exec(
                    m.old,
                    "SELECT pg_create_logical_replication_slot('dualmigrate_walgauge_9',"
                            + " 'pgoutput');\n");
            JobID job = m.start(m.configFor("", "events")).getJobID();
            m.awaitConverged("events", "id, v", Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "CREATE TABLE filler (id int, pad text);\n"
                            + "INSERT INTO filler SELECT g, repeat('x', 1000)"
                            + " FROM generate_series(1, 20000) g;\n");
            long held =
                    Sql.queryLong(
                            m.old,
                            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
                                    + " FROM pg_replication_slots"
                                    + " WHERE slot_name = 'dualmigrate_walgauge_9'");
            assertThat(held).as("WAL the idle slot holds").isGreaterThan(10_000_000L);

            long reported =
                    Awaits.until(
                            () -> walRetainedBytes(job),
                            n -> n >= held,
                            ReplicationJob.SLOT_WAL_POLL.multipliedBy(3));
            long after =
                    Sql.queryLong(
                            m.old,
                            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
                                    + " FROM pg_replication_slots"
                                    + " WHERE slot_name = 'dualmigrate_walgauge_9'");
            assertThat(reported).as("at most what the slot holds now").isLessThanOrEqualTo(after);
            Sql.exec(m.old, "SELECT pg_drop_replication_slot('dualmigrate_walgauge_9');\n");
        }
    }
}
