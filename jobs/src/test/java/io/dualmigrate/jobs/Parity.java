package io.dualmigrate.jobs;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.parity.ParityReport;
import io.dualmigrate.parity.ParityRun;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the parity job on the test MiniCluster and reads back its run record and drift rows. */
final class Parity {

    private Parity() {}

    static ParityReport run(MigrationConfig config, boolean repair) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(FlinkCluster.PARALLELISM);
        ParityRun run = ParityJob.build(env, config, repair);
        env.execute("parity " + config.name);
        return ParityReport.read(config.target, run.records, run.runId);
    }

    /** The run's drift rows: table|primary key|kind|fields|repaired, sorted. */
    static List<String> drift(Connection neu, ParityReport report) throws Exception {
        return Sql.rows(
                neu,
                "SELECT source_table, primary_key::text, kind, array_to_string(fields, ','),"
                        + " repaired FROM dualmigrate_parity_drift WHERE run_id = '"
                        + report.runId()
                        + "' ORDER BY 1, 2");
    }
}
