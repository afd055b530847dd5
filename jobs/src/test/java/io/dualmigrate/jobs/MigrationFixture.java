package io.dualmigrate.jobs;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.testkit.Convergence;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.ReplicationSlots;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One migration under test: a fresh OLD and NEW database on the shared server, a migration file
 * pointing at them, and the running job.
 */
final class MigrationFixture implements AutoCloseable {

    static final String LIVE = "NOT _dm_deleted";

    final EmbeddedPostgres pg;
    final String name;
    final Connection old;
    final Connection neu;
    private JobClient job;

    MigrationFixture(EmbeddedPostgres pg, String name) throws Exception {
        this.pg = pg;
        this.name = name;
        pg.createDatabase("old_" + name);
        pg.createDatabase("new_" + name);
        this.old = pg.connect("old_" + name);
        this.neu = pg.connect("new_" + name);
    }

    /**
     * Creates a table in OLD (with REPLICA IDENTITY FULL) and its twin in NEW with the bookkeeping
     * columns.
     */
    void createTable(String table, String columns) throws Exception {
        Sql.exec(
                old,
                "CREATE TABLE "
                        + table
                        + " ("
                        + columns
                        + ");\n"
                        + "ALTER TABLE "
                        + table
                        + " REPLICA IDENTITY FULL;\n");
        Sql.exec(
                neu,
                "CREATE TABLE "
                        + table
                        + " ("
                        + columns
                        + ", _dm_version bigint, _dm_deleted boolean NOT NULL DEFAULT false);\n");
    }

    /** A migration file for the given tables with the fixture's defaults. */
    MigrationConfig configFor(String extra, String... tables) {
        StringBuilder yaml = new StringBuilder(header(extra)).append("tables:\n");
        for (String table : tables) {
            yaml.append("  - source: public.").append(table).append('\n');
        }
        return config(yaml.toString());
    }

    /** The scalar sections of a migration file for this fixture; append {@code tables:}. */
    String header(String extra) {
        return "migration:\n  name: "
                + name
                + "\nsource:\n  hostname: 127.0.0.1\n  port: "
                + pg.port()
                + "\n  database: old_"
                + name
                + "\n  username: postgres\n  password-env: OLD_PW\n  snapshot:\n    chunk-size: 500\n"
                + "target:\n  hostname: 127.0.0.1\n  port: "
                + pg.port()
                + "\n  database: new_"
                + name
                + "\n  username: postgres\n  password-env: NEW_PW\n"
                + extra;
    }

    MigrationConfig config(String yaml) {
        return new MigrationConfigLoader(Map.of("OLD_PW", "postgres", "NEW_PW", "postgres"))
                .parse(yaml);
    }

    JobClient start(MigrationConfig config) throws Exception {
        return start(config, FlinkCluster.environment());
    }

    JobClient start(MigrationConfig config, StreamExecutionEnvironment env) throws Exception {
        ReplicationJob.build(env, config);
        job = env.executeAsync("replication " + name);
        return job;
    }

    void awaitConverged(String table, String columns, Duration timeout) throws Exception {
        if (!Convergence.await(old, neu, table, table, columns, LIVE, timeout)) {
            throw new AssertionError(
                    table
                            + " did not converge in "
                            + timeout
                            + ": OLD "
                            + Convergence.summarize(old, table, columns, null)
                            + ", NEW "
                            + Convergence.summarize(neu, table, columns, LIVE)
                            + "\nOLD sample: "
                            + Sql.rows(
                                    old,
                                    "SELECT " + columns + " FROM " + table + " ORDER BY 1 LIMIT 5")
                            + "\nNEW sample: "
                            + Sql.rows(
                                    neu,
                                    "SELECT "
                                            + columns
                                            + " FROM "
                                            + table
                                            + " WHERE "
                                            + LIVE
                                            + " ORDER BY 1 LIMIT 5"));
        }
    }

    void cancel() throws Exception {
        if (job != null) {
            try {
                job.cancel().get();
            } catch (Exception e) {
                // already finished or failed: nothing to cancel
            }
            job = null;
        }
    }

    @Override
    public void close() throws Exception {
        cancel();
        ReplicationSlots.dropWhenInactive(old, "dualmigrate_" + name, 10_000);
        old.close();
        neu.close();
    }
}
