package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.schema.Teardown;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * One replication migration on the shared standalone cluster: a {@code counters} table in OLD (on
 * the OLD server) and its twin in NEW (on the NEW server), a migration file, the job submitted as a
 * jar, an application that keeps writing to OLD, and a monitor that NEW never goes back.
 *
 * <p>The application only counts rows up and deletes rows from the top of the key range, so that a
 * value going down in NEW is a regression and a deleted row alive in NEW a resurrection; {@link
 * #assertConverged} checks both, and that NEW's live rows equal OLD's.
 */
final class ClusterMigration implements AutoCloseable {

    static final String TABLE = "counters";
    static final String COLUMNS = "id, n";

    final ClusterExtension env;
    final String name;
    final Path migrationFile;
    final int rows;
    final CounterWriter writer;
    final RegressionMonitor monitor;
    private String jobId;

    /**
     * Creates the databases with {@code rows} counters at 0 and the migration file; {@code
     * yamlExtra} is added to the {@code target:} section (e.g. {@code " max-retries: 10\n"}), and
     * {@code snapshotRateLimit} slows the backfill (0: unlimited).
     */
    ClusterMigration(
            ClusterExtension env, String name, int rows, String targetExtra, long snapshotRateLimit)
            throws Exception {
        this.env = env;
        this.name = name;
        this.rows = rows;
        env.old().createDatabase("old_" + name);
        env.neu().createDatabase("new_" + name);
        try (Connection old = old()) {
            Sql.exec(
                    old,
                    "CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL);\n"
                            + "ALTER TABLE counters REPLICA IDENTITY FULL;\n"
                            + "INSERT INTO counters SELECT g, 0 FROM generate_series(1, "
                            + rows
                            + ") g;\nANALYZE counters;\n");
        }
        try (Connection neu = neu()) {
            Sql.exec(
                    neu,
                    "CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL,"
                            + " _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false);\n");
        }
        Path folder = env.folder(name);
        Path password = folder.resolve("pg-password");
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        migrationFile = folder.resolve("migration.yaml");
        Files.writeString(
                migrationFile,
                "migration:\n  name: "
                        + name
                        + "\nsource:\n  hostname: 127.0.0.1\n  port: "
                        + env.old().port()
                        + "\n  database: old_"
                        + name
                        + "\n  username: postgres\n  password-file: "
                        + password
                        + "\n  snapshot:\n    chunk-size: 1000\n    rate-limit: "
                        + snapshotRateLimit
                        + "\ntarget:\n  hostname: 127.0.0.1\n  port: "
                        + env.neu().port()
                        + "\n  database: new_"
                        + name
                        + "\n  username: postgres\n  password-file: "
                        + password
                        + "\n"
                        + targetExtra
                        + "tables:\n  - source: public.counters\n");
        writer = new CounterWriter(this::old, rows);
        monitor = new RegressionMonitor(this::neu, TABLE);
    }

    Connection old() throws Exception {
        return env.old().connect("old_" + name);
    }

    Connection neu() throws Exception {
        return env.neu().connect("new_" + name);
    }

    /** Submits the replication job (from {@code savepoint} if not null); waits until it runs. */
    String submit(int parallelism, String savepoint) throws Exception {
        jobId =
                env.submit(
                        ReplicationJob.class.getName(),
                        List.of("--config", migrationFile.toString()),
                        parallelism,
                        savepoint);
        env.cluster().awaitRunning(jobId, Duration.ofSeconds(90));
        return jobId;
    }

    String jobId() {
        return jobId;
    }

    /** Live rows in NEW now. */
    long liveRowsInNew() throws Exception {
        try (Connection neu = neu()) {
            return Sql.queryLong(neu, "SELECT count(*) FROM counters WHERE NOT _dm_deleted");
        }
    }

    /**
     * Stops the application, then waits for NEW's live rows to equal OLD's and checks that no row
     * went back to an older value and no deleted row came back.
     */
    void assertConverged(Duration timeout) throws Exception {
        writer.close();
        try (Connection old = old();
                Connection neu = neu()) {
            boolean converged =
                    Convergence.await(
                            old, neu, TABLE, TABLE, COLUMNS, MigrationFixture.LIVE, timeout);
            monitor.close();
            assertThat(converged)
                    .as(
                            "NEW converged with OLD: OLD %s, NEW %s",
                            Convergence.summarize(old, TABLE, COLUMNS, null),
                            Convergence.summarize(neu, TABLE, COLUMNS, MigrationFixture.LIVE))
                    .isTrue();
            // Rows the application deleted: none may be alive in NEW unless OLD holds it too. The
            // embedded OLD runs with synchronous_commit=off, so an immediate shutdown can lose a
            // delete the application saw committed; the row is then back in OLD, and NEW follows.
            String deletedButAlive =
                    "SELECT count(*) FROM counters WHERE id > " + writer.lowestDeleted();
            assertThat(Sql.queryLong(neu, deletedButAlive + " AND NOT _dm_deleted"))
                    .as("deleted rows alive again in NEW")
                    .isEqualTo(Sql.queryLong(old, deletedButAlive));
        }
        assertThat(writer.deletes()).as("rows the application deleted").isPositive();
        assertThat(monitor.regressions).as("rows that went back to an older value").isEmpty();
        assertThat(monitor.polls).as("monitor polls").isGreaterThan(10);
    }

    /** Cancels the job if it still runs, then drops its slots and publication (teardown). */
    @Override
    public void close() throws Exception {
        writer.close();
        monitor.close();
        if (jobId != null && !env.rest().jobState(jobId).matches("FINISHED|CANCELED|FAILED")) {
            env.rest().cancel(jobId);
            Awaits.until(
                    () -> env.rest().jobState(jobId),
                    s -> s.matches("FINISHED|CANCELED|FAILED"),
                    Duration.ofSeconds(60));
        }
        Teardown teardown = new Teardown(MigrationConfigLoader.load(migrationFile));
        Awaits.until(
                () -> {
                    try {
                        return teardown.run();
                    } catch (io.dualmigrate.config.ConfigException stillReleasing) {
                        return null;
                    }
                },
                r -> r != null,
                Duration.ofSeconds(30));
    }
}
