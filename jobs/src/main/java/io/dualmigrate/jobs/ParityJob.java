package io.dualmigrate.jobs;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.parity.Difference;
import io.dualmigrate.parity.KeyRange;
import io.dualmigrate.parity.ParityPlanner;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.parity.ParityRun;
import io.dualmigrate.parity.RangeCompareFunction;
import io.dualmigrate.parity.RecheckFunction;
import io.dualmigrate.parity.RunRecordSink;
import io.dualmigrate.parity.Tally;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The parity job: a bounded run that compares OLD's tables with NEW's through the migration's
 * mapping, records drift by kind, and with {@code --repair} writes OLD's rows into NEW through the
 * version guard.
 *
 * <pre>
 * flink run -c io.dualmigrate.jobs.ParityJob dualmigrate-jobs-job.jar --config migration.yaml [--repair]
 * </pre>
 *
 * <p>Exit status: 0 when no drift is confirmed, {@value ParityReport#EXIT_DRIFT} when some is (so a
 * gate or a CI step can use it), 1 when the run fails, 2 on a configuration error.
 */
public final class ParityJob {

    public static final String RANGES_UID = "parity-key-ranges";
    public static final String COMPARE_UID = "parity-compare-ranges";
    public static final String RECHECK_UID = "parity-recheck";
    public static final String RECORD_UID = "parity-run-record";

    private ParityJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MigrationConfig config;
        ParityRun run;
        try {
            config = MigrationConfigLoader.load(Path.of(params.getRequired("config")));
            run = build(env, config, params.has("repair"));
        } catch (ConfigException e) {
            // The message names the key or table and the fix; a stack trace would bury it.
            System.err.println("dualmigrate parity: " + e.getMessage());
            System.exit(2);
            return;
        }
        env.execute("dualmigrate parity: " + config.name);
        ParityReport report = ParityReport.read(config.target, run.records, run.runId);
        report.print(System.out);
        System.exit(report.exitCode());
    }

    /**
     * Plans the run against both databases (start-up checks, key ranges, record tables) and wires
     * the job in batch execution mode; returns the run, whose id names its run record.
     */
    public static ParityRun build(
            StreamExecutionEnvironment env, MigrationConfig config, boolean repair) {
        long startedAt = System.currentTimeMillis();
        ParityPlanner.Plan plan = new ParityPlanner(config).plan();
        ParityRun run =
                new ParityRun(
                        UUID.randomUUID().toString(),
                        config.name,
                        startedAt,
                        config.source,
                        config.target,
                        plan.tables(),
                        config.parity,
                        plan.records(),
                        config.fetchSize,
                        plan.ranges().size(),
                        repair);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<KeyRange> ranges =
                env.fromData(KeyRange.class, plan.ranges().toArray(new KeyRange[0]))
                        .name("Key ranges of OLD (" + plan.ranges().size() + ")")
                        .uid(RANGES_UID);
        defineWorkflow(ranges, run);
        return run;
    }

    /** The job graph: ranges, compare (checksums, bisection, rows), re-check, run record. */
    public static void defineWorkflow(DataStream<KeyRange> ranges, ParityRun run) {
        SingleOutputStreamOperator<Tally> compared =
                ranges.rebalance()
                        .process(new RangeCompareFunction(run))
                        .name("Compare ranges: count + checksum, bisect, rows")
                        .uid(COMPARE_UID);
        int parallelism = ranges.getExecutionEnvironment().getParallelism();
        if (parallelism > 0) {
            // The adaptive batch scheduler sizes operators by the bytes they receive, and a key
            // range is a few bytes of heavy work: keep the configured parallelism.
            compared.setParallelism(parallelism);
        }
        DataStream<Difference> differences =
                compared.getSideOutput(RangeCompareFunction.DIFFERENCES);
        SingleOutputStreamOperator<Tally> rechecked =
                differences
                        .rebalance()
                        .process(new RecheckFunction(run))
                        .name(
                                "Re-check differences after "
                                        + run.settings.recheckDelay.toMillis()
                                        + " ms"
                                        + (run.repair ? ", repair" : ""))
                        .uid(RECHECK_UID);
        if (parallelism > 0) {
            rechecked.setParallelism(parallelism);
        }
        compared.union(rechecked)
                .sinkTo(new RunRecordSink(run))
                .setParallelism(1)
                .name("NEW: parity run record")
                .uid(RECORD_UID);
    }
}
