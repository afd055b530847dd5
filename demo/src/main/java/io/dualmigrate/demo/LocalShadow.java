package io.dualmigrate.demo;

import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.jobs.ShadowReadJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code shadow --config FILE}: runs the shadow-read job for a shadow config on a local Flink
 * cluster, against the Kafka and the databases the file names, until Ctrl-C, then cancels it.
 *
 * <p>Configuration problems surface as {@link io.dualmigrate.config.ConfigException} before
 * anything runs (the job creates its output tables at start and names the fix when it cannot). The
 * consumer group's offsets are committed with each checkpoint, so a later run with {@code
 * starting-offsets: committed} goes on where this one stopped.
 */
public final class LocalShadow implements AutoCloseable {

    private final Path file;
    private final Console console;
    private final TempCluster temp;

    public LocalShadow(Path file, PrintStream out) {
        this.file = file;
        this.console = new Console(out);
        this.temp = new TempCluster(console);
    }

    /** Runs until {@code stop} is requested (0) or the job ends by itself (1). */
    public int run(StopSignal stop) throws Exception {
        ShadowConfig config = ShadowConfigLoader.load(file);
        LocalCluster cluster = temp.start("dualmigrate-shadow-");
        StreamExecutionEnvironment env = cluster.environment();
        ShadowReadJob.build(env, config);
        JobClient job = cluster.submit(env, "dualmigrate shadow reads: " + config.name);
        console.line(
                "Pairing the read logs of "
                        + String.join(", ", config.topics)
                        + " on "
                        + config.bootstrapServers
                        + "\nMismatches go to the topic "
                        + config.mismatchTopic
                        + " and the table "
                        + config.mismatchTable
                        + ", per-minute summaries to "
                        + config.summaryTable
                        + " in "
                        + config.output
                        + ",\nbad and late events to "
                        + config.deadLetterTopic
                        + "\nFlink web UI: "
                        + cluster.webUi()
                        + "\nCtrl-C stops the job.");
        int exitCode = 0;
        while (!stop.await(Duration.ofSeconds(1))) {
            if (job.getJobExecutionResult().isDone()) {
                console.line("The shadow-read job ended: " + LocalCluster.outcome(job));
                exitCode = 1;
                break;
            }
        }
        if (stop.isRequested()) {
            console.line("Cancelling the job...");
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        close();
        console.line("Stopped.");
        return exitCode;
    }

    /** Stops the cluster (and with it the job) and deletes its temporary files. */
    @Override
    public void close() {
        temp.close();
    }
}
