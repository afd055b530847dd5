package io.dualmigrate.demo;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.jobs.ReplicationJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code replicate --config FILE}: runs the replication job for a migration file on a local Flink
 * cluster until Ctrl-C, then cancels it.
 *
 * <p>Configuration problems (in the file, or found by the start-up checks against the two
 * databases) surface as {@link io.dualmigrate.config.ConfigException} before anything runs. The
 * replication slots stay on OLD after a stop, so that the migration can be resumed or inspected;
 * the closing message says how to drop them when the migration is torn down.
 */
public final class LocalReplication implements AutoCloseable {

    private final Path file;
    private final Console console;
    private final TempCluster temp;

    public LocalReplication(Path file, PrintStream out) {
        this.file = file;
        this.console = new Console(out);
        this.temp = new TempCluster(console);
    }

    /** Runs until {@code stop} is requested (0) or the job ends by itself (1). */
    public int run(StopSignal stop) throws Exception {
        MigrationConfig config = MigrationConfigLoader.load(file);
        LocalCluster cluster = temp.start("dualmigrate-replicate-");
        StreamExecutionEnvironment env = cluster.environment();
        ReplicationJob.build(env, config);
        JobClient job = cluster.submit(env, "dualmigrate replication: " + config.name);
        console.line(
                "Replicating "
                        + config.tables.size()
                        + " table(s) from "
                        + config.source
                        + " (OLD) into "
                        + config.target
                        + " (NEW)\nFlink web UI: "
                        + cluster.webUi()
                        + "\nCtrl-C stops the job.");
        int exitCode = 0;
        while (!stop.await(Duration.ofSeconds(1))) {
            if (job.getJobExecutionResult().isDone()) {
                console.line("The replication job ended: " + LocalCluster.outcome(job));
                exitCode = 1;
                break;
            }
        }
        if (stop.isRequested()) {
            console.line("Cancelling the job...");
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        close();
        console.line(
                "Stopped. The replication slot "
                        + config.slotName
                        + " stays on OLD and keeps its WAL, so that the migration can resume; when"
                        + " the migration is over, drop it and the publication with:\n"
                        + "  ./dualmigrate teardown --config "
                        + file);
        return exitCode;
    }

    /** Stops the cluster (and with it the job) and deletes its temporary files. */
    @Override
    public void close() {
        temp.close();
    }
}
