package io.dualmigrate.jobs;

import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.functions.LastWriteWinsFunction;
import io.dualmigrate.functions.SnapshotThrottle;
import io.dualmigrate.schema.StartupChecks;
import io.dualmigrate.sink.GuardedJdbcSink;
import io.dualmigrate.sink.SinkSettings;
import io.dualmigrate.sink.TargetTable;
import io.dualmigrate.source.ChangeEvent;
import io.dualmigrate.source.PostgresCdcSource;
import io.dualmigrate.source.SlotWalGauge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The replication job: snapshot and change stream of OLD's tables into NEW, with per-key
 * last-write-wins in RocksDB and a version-guarded sink.
 *
 * <pre>
 * flink run -c io.dualmigrate.jobs.ReplicationJob dualmigrate-jobs-job.jar --config migration.yaml
 * </pre>
 */
public final class ReplicationJob {

    public static final String SOURCE_UID = "old-cdc-source";
    public static final String SLOT_WAL_UID = "old-slot-wal-gauge";
    public static final String THROTTLE_UID = "snapshot-throttle";

    /** How often the WAL the job's slots hold on OLD is read for {@code walRetainedBytes}. */
    public static final Duration SLOT_WAL_POLL = Duration.ofSeconds(10);

    public static final String LWW_UID = "last-write-wins";
    public static final String SINK_UID = "new-guarded-sink";

    private ReplicationJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        String file = params.getRequired("config");
        MigrationConfig config = MigrationConfigLoader.load(Path.of(file));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute("dualmigrate replication: " + config.name);
    }

    /** Checks the migration against both databases and wires the job with real connectors. */
    public static void build(StreamExecutionEnvironment env, MigrationConfig config) {
        List<TargetTable> tables = new StartupChecks(config).run();
        defineWorkflow(
                env,
                PostgresCdcSource.create(config),
                new GuardedJdbcSink(sinkSettings(config, tables)),
                config);
    }

    public static SinkSettings sinkSettings(MigrationConfig config, List<TargetTable> tables) {
        return new SinkSettings(
                config.name,
                config.target,
                tables,
                config.deadLetterTable,
                config.onError,
                config.batchSize,
                config.flushInterval,
                config.maxRetries);
    }

    /**
     * The job graph: source, the slot's WAL gauge, optional backfill throttle, keyed
     * last-write-wins, sink.
     */
    public static void defineWorkflow(
            StreamExecutionEnvironment env,
            Source<ChangeEvent, ?, ?> source,
            Sink<ChangeEvent> sink,
            MigrationConfig config) {
        DataStream<ChangeEvent> changes =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "OLD: snapshot + WAL")
                        .uid(SOURCE_UID)
                        .map(new SlotWalGauge(config.source, config.slotName, SLOT_WAL_POLL))
                        .name("Gauge of the WAL the slots hold on OLD")
                        .uid(SLOT_WAL_UID);
        if (config.snapshotRateLimit > 0) {
            changes =
                    changes.map(new SnapshotThrottle(config.snapshotRateLimit))
                            .name("Backfill rate limit " + config.snapshotRateLimit + " rows/s")
                            .uid(THROTTLE_UID);
        }
        changes.keyBy(ChangeEvent::partitionKey, Types.STRING)
                .process(new LastWriteWinsFunction(config.tombstoneTtl))
                .name("Last write wins per key (drop stale, keep tombstones)")
                .uid(LWW_UID)
                .sinkTo(sink)
                .name("NEW: version-guarded upsert")
                .uid(SINK_UID);
    }
}
