package io.dualmigrate.bench;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.jobs.ReplicationJob;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.ReplicationSlots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * dualmigrate's replication job on a local Flink cluster (a MiniCluster in this JVM): RocksDB
 * state, incremental checkpoints, the configured parallelism, and the migration file the benchmark
 * writes for OLD → NEW.
 */
final class DualmigrateReplication implements AutoCloseable {

    static final String MIGRATION = "bench";

    private final EmbeddedPostgres pg;
    private final BenchOptions options;
    private final Path workDir;
    private final Connection old;
    private final String oldDatabase;
    private final String newDatabase;
    private final int restPort;
    private MigrationConfig config;
    private JobClient job;

    DualmigrateReplication(
            EmbeddedPostgres pg,
            BenchOptions options,
            Path workDir,
            Connection old,
            String oldDatabase,
            String newDatabase,
            int restPort) {
        this.pg = pg;
        this.options = options;
        this.workDir = workDir;
        this.old = old;
        this.oldDatabase = oldDatabase;
        this.newDatabase = newDatabase;
        this.restPort = restPort;
    }

    /** The migration file: the source and target, and the sink and snapshot settings. */
    String migrationYaml() {
        return "migration:\n  name: "
                + MIGRATION
                + "\nsource:\n  hostname: 127.0.0.1\n  port: "
                + pg.port()
                + "\n  database: "
                + oldDatabase
                + "\n  username: postgres\n  password-env: OLD_PW\n  snapshot:\n    chunk-size: "
                + options.chunkSize
                + "\n    fetch-size: "
                + options.fetchSize
                + "\n  poll-interval: "
                + options.pollInterval.toMillis()
                + " ms"
                + "\ntarget:\n  hostname: 127.0.0.1\n  port: "
                + pg.port()
                + "\n  database: "
                + newDatabase
                + "\n  username: postgres\n  password-env: NEW_PW\n  batch-size: "
                + options.batchSize
                + "\n  flush-interval: "
                + options.flushInterval.toMillis()
                + " ms\ntables:\n  - source: public."
                + BenchTable.NAME
                + "\n";
    }

    /** The Flink settings of the local cluster, as a deployment would set them. */
    Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString(
                "execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        conf.setString(
                "execution.checkpointing.interval", options.checkpointInterval.toMillis() + " ms");
        conf.setString("execution.buffer-timeout", options.bufferTimeout.toMillis() + " ms");
        conf.setString("parallelism.default", String.valueOf(options.parallelism));
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        conf.setString("taskmanager.memory.managed.size", "256m");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.bind-port", String.valueOf(restPort));
        conf.setString("rest.port", String.valueOf(restPort));
        // the benchmark reads task times and source lags over REST: keep them fresh
        conf.setString("metrics.fetcher.update-interval", "200 ms");
        conf.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
        conf.setString("blob.storage.directory", workDir.resolve("blobs").toString());
        conf.setString("web.tmpdir", workDir.resolve("web").toString());
        return conf;
    }

    /** Checks the databases, builds the job and submits it; returns once it is submitted. */
    void start() throws Exception {
        Files.createDirectories(workDir.resolve("tmp"));
        config =
                new MigrationConfigLoader(
                                Map.of(
                                        "OLD_PW", EmbeddedPostgres.PASSWORD,
                                        "NEW_PW", EmbeddedPostgres.PASSWORD))
                        .parse(migrationYaml());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration());
        env.setParallelism(options.parallelism);
        ReplicationJob.build(env, config);
        job = env.executeAsync("dualmigrate replication benchmark");
    }

    /** Throws when the job ended (it never ends by itself: it streams until cancelled). */
    void checkRunning() throws Exception {
        if (job != null && job.getJobExecutionResult().isDone()) {
            job.getJobExecutionResult().get();
            throw new IllegalStateException("the replication job ended unexpectedly");
        }
    }

    /** Cancels the job, then drops its replication slots and publication in OLD. */
    @Override
    public void close() throws Exception {
        if (job != null) {
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
                job.getJobExecutionResult().handle((r, e) -> null).get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                Console.info("cancelling the replication job: %s", e);
            }
            job = null;
        }
        if (config != null) {
            ReplicationSlots.dropWhenInactive(old, config.slotName, 30_000);
            BenchTable.exec(old, "DROP PUBLICATION IF EXISTS " + config.slotName);
            config = null;
        }
    }
}
