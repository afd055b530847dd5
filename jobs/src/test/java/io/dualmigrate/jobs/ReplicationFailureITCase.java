package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rejected rows, fail-closed mode, and a restart from a checkpoint in the middle of streaming. */
class ReplicationFailureITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension(METRICS);

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    private static void createStrictTables(MigrationFixture m) throws Exception {
        Sql.exec(
                m.old,
                "CREATE TABLE stock (id int PRIMARY KEY, qty int NOT NULL, code varchar(10));\n"
                        + "INSERT INTO stock SELECT g, g, 'ok' FROM generate_series(1, 200) g;\n"
                        + "UPDATE stock SET qty = -1 WHERE id IN (7, 8);\n"
                        + "UPDATE stock SET code = 'too long' WHERE id = 9;\n");
        Sql.exec(
                m.neu,
                "CREATE TABLE stock (id int PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0),"
                        + " code varchar(3), _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n");
    }

    private static String strictConfig(MigrationFixture m, String onError) {
        return m.header("replication:\n  on-error: " + onError + "\n")
                + "tables:\n  - source: public.stock\n"
                + "    cast: {code: 'character varying(3)'}\n";
    }

    private static long counter(JobID job, String name) {
        return METRICS.findMetrics(job, name).values().stream()
                .mapToLong(metric -> ((Counter) metric).getCount())
                .sum();
    }

    @Test
    void rowsNewRejectsGoToTheDeadLetterTableAndTheJobKeepsRunning() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "deadletter")) {
            createStrictTables(m);
            JobClient job = m.start(m.config(strictConfig(m, "dead-letter")));
            Awaits.until(
                    () -> Sql.queryLong(m.neu, "SELECT count(*) FROM stock"),
                    n -> n == 197,
                    Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "UPDATE stock SET qty = -5 WHERE id = 100;\n"
                            + "DELETE FROM stock WHERE id = 102;\n"
                            + "UPDATE stock SET qty = 500 WHERE id = 101;\n");
            Awaits.until(
                    () -> Sql.queryLong(m.neu, "SELECT count(*) FROM dualmigrate_dead_letters"),
                    n -> n == 4,
                    Duration.ofSeconds(90));
            Awaits.until(
                    () -> Sql.queryLong(m.neu, "SELECT qty FROM stock WHERE id = 101"),
                    qty -> qty == 500,
                    Duration.ofSeconds(30));

            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT primary_key, operation, sql_state, event->'row'->>'qty'"
                                            + " FROM dualmigrate_dead_letters ORDER BY id"))
                    .containsExactlyInAnyOrder(
                            "1:7;|snapshot|23514|-1",
                            "1:8;|snapshot|23514|-1",
                            "1:9;|snapshot|22001|9",
                            "3:100;|upsert|23514|-5");
            assertThat(
                            Sql.rows(
                                    m.neu,
                                    "SELECT DISTINCT migration, source_table, target_table FROM dualmigrate_dead_letters"))
                    .containsExactly("deadletter|public.stock|public.stock");
            assertThat(Sql.queryLong(m.neu, "SELECT count(*) FROM stock")).isEqualTo(197);
            Awaits.until(
                    () -> Sql.rows(m.neu, "SELECT _dm_deleted FROM stock WHERE id = 102"),
                    rows -> rows.equals(java.util.List.of("t")),
                    Duration.ofSeconds(30));
            assertThat(Sql.queryLong(m.neu, "SELECT qty FROM stock WHERE id = 100"))
                    .as("the last good version stays")
                    .isEqualTo(100);
            assertThat(counter(job.getJobID(), "deadLetters")).isEqualTo(4);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void aColumnDroppedInOldIsDeadLetteredNotWrittenAsNull() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "dropcol")) {
            m.createTable("notes", "id int PRIMARY KEY, title text NOT NULL, body text");
            Sql.exec(
                    m.old,
                    "INSERT INTO notes SELECT g, 't' || g, 'b' || g FROM generate_series(1, 20) g;\n");
            m.start(m.configFor("", "notes"));
            m.awaitConverged("notes", "id, title, body", Duration.ofSeconds(90));
            Sql.exec(
                    m.old,
                    "ALTER TABLE notes DROP COLUMN body;\n"
                            + "UPDATE notes SET title = 'changed' WHERE id = 1;\n"
                            + "DELETE FROM notes WHERE id = 2;\n");
            Awaits.until(
                    () ->
                            Sql.rows(
                                    m.neu,
                                    "SELECT primary_key, error FROM dualmigrate_dead_letters"),
                    rows -> rows.size() == 1,
                    Duration.ofSeconds(60));
            assertThat(Sql.rows(m.neu, "SELECT error FROM dualmigrate_dead_letters").get(0))
                    .contains("OLD column body is absent from the change");
            Awaits.until(
                    () -> Sql.rows(m.neu, "SELECT _dm_deleted FROM notes WHERE id = 2"),
                    rows -> rows.equals(java.util.List.of("t")),
                    Duration.ofSeconds(30));
            assertThat(Sql.rows(m.neu, "SELECT title, body FROM notes WHERE id = 1"))
                    .as("the row keeps its last complete version")
                    .containsExactly("t1|b1");
        }
    }

    @Test
    void onErrorFailStopsTheJobInsteadOfDeadLettering() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "failclosed")) {
            createStrictTables(m);
            JobClient job = m.start(m.config(strictConfig(m, "fail")));
            assertThatThrownBy(() -> job.getJobExecutionResult().get(120, TimeUnit.SECONDS))
                    .hasStackTraceContaining("replication.on-error: fail")
                    .hasStackTraceContaining("NEW rejected SNAPSHOT public.stock key=1:");
            assertThat(Sql.queryLong(m.neu, "SELECT count(*) FROM dualmigrate_dead_letters"))
                    .isZero();
        }
    }

    @Test
    void aRestartFromACheckpointMidStreamLosesNothingAndNeverRegresses() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "restart")) {
            m.createTable("counters", "id int PRIMARY KEY, n bigint NOT NULL");
            Sql.exec(m.old, "INSERT INTO counters SELECT g, 0 FROM generate_series(1, 500) g;\n");
            Path checkpoints = FlinkCluster.checkpointDirectory();
            m.start(m.configFor("", "counters"), FlinkCluster.environment(checkpoints, null));
            m.awaitConverged("counters", "id, n", Duration.ofSeconds(90));

            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = writer(writing);
            RegressionMonitor monitor =
                    new RegressionMonitor(() -> PG.server().connect("new_restart"), "counters")
                            .start();
            writer.start();

            Thread.sleep(3_000);
            Path checkpoint =
                    Awaits.until(
                                    () -> latestCheckpoint(checkpoints),
                                    Optional::isPresent,
                                    Duration.ofSeconds(60))
                            .orElseThrow();
            m.cancel();
            Thread.sleep(2_000);
            m.start(m.configFor("", "counters"), FlinkCluster.environment(checkpoints, checkpoint));
            Thread.sleep(3_000);
            writing.set(false);
            writer.join();

            m.awaitConverged("counters", "id, n", Duration.ofSeconds(90));
            monitor.close();
            assertThat(monitor.regressions).as("rows that went back to an older value").isEmpty();
            assertThat(monitor.polls).isGreaterThan(10);
            assertThat(Sql.queryLong(m.old, "SELECT sum(n) FROM counters")).isGreaterThan(500);
        }
    }

    private static Thread writer(AtomicBoolean writing) {
        return new Thread(
                () -> {
                    try (Connection c = PG.server().connect("old_restart")) {
                        int i = 0;
                        while (writing.get()) {
                            Sql.exec(
                                    c,
                                    "UPDATE counters SET n = n + 1 WHERE id % 50 = "
                                            + (i++ % 50)
                                            + ";\n");
                            Thread.sleep(5);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static Optional<Path> latestCheckpoint(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(
                            Comparator.comparingInt(
                                    p ->
                                            Integer.parseInt(
                                                    p.getFileName().toString().substring(4))));
        }
    }
}
