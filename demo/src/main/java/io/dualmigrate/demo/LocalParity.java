package io.dualmigrate.demo;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.jobs.ParityJob;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.parity.ParityRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code parity --config FILE [--repair]}: runs the parity job for a migration file on a local
 * Flink cluster, prints the summary and returns the job's exit status (0 parity, 3 confirmed drift,
 * 1 the run failed or was stopped).
 */
public final class LocalParity implements AutoCloseable {

    private final Path file;
    private final boolean repair;
    private final Console console;
    private final TempCluster temp;
    private LocalCluster cluster;

    public LocalParity(Path file, boolean repair, PrintStream out) {
        this(file, repair, new Console(out));
    }

    /** A run whose lines go to an existing console (the demo's). */
    LocalParity(Path file, boolean repair, Console console) {
        this.file = file;
        this.repair = repair;
        this.console = console;
        this.temp = new TempCluster(console);
    }

    public int run(StopSignal stop) throws Exception {
        MigrationConfig config = MigrationConfigLoader.load(file);
        cluster = temp.start("dualmigrate-parity-");
        try {
            return run(config, stop);
        } finally {
            close();
        }
    }

    private int run(MigrationConfig config, StopSignal stop) throws Exception {
        StreamExecutionEnvironment env = cluster.environment();
        ParityRun run = ParityJob.build(env, config, repair);
        JobClient job = cluster.submit(env, "dualmigrate parity: " + config.name);
        console.line(
                "Parity run "
                        + run.runId
                        + ": "
                        + run.totalRanges
                        + " key range(s) of "
                        + config.tables.size()
                        + " table(s), OLD "
                        + config.source
                        + " vs NEW "
                        + config.target
                        + (repair ? ", repairing confirmed drift" : "")
                        + "\nFlink web UI: "
                        + cluster.webUi());
        while (!job.getJobExecutionResult().isDone()) {
            if (stop.await(Duration.ofMillis(200))) {
                console.line("Cancelling the parity job...");
                job.cancel().get(30, TimeUnit.SECONDS);
                return 1;
            }
        }
        String outcome = LocalCluster.outcome(job);
        if (!outcome.equals("finished")) {
            console.line("The parity job failed: " + outcome);
            return 1;
        }
        ParityReport report = ParityReport.read(config.target, run.records, run.runId);
        report.print(console.out());
        return report.exitCode();
    }

    @Override
    public void close() {
        temp.close();
    }
}
