package io.dualmigrate.jobs;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.shadow.Category;
import io.dualmigrate.shadow.Comparison;
import io.dualmigrate.shadow.DeadLetter;
import io.dualmigrate.shadow.DeadLetterSerializer;
import io.dualmigrate.shadow.MinuteSummaryFunction;
import io.dualmigrate.shadow.MismatchRecordSerializer;
import io.dualmigrate.shadow.MismatchTable;
import io.dualmigrate.shadow.OutcomeMetrics;
import io.dualmigrate.shadow.PairingFunction;
import io.dualmigrate.shadow.ReadEvent;
import io.dualmigrate.shadow.ReadLogDeserializer;
import io.dualmigrate.shadow.RejectMalformed;
import io.dualmigrate.shadow.RereadFunction;
import io.dualmigrate.shadow.ShadowOutcome;
import io.dualmigrate.shadow.SummaryRow;
import io.dualmigrate.shadow.SummaryTable;
import io.dualmigrate.sink.BatchJdbcSink;
import io.dualmigrate.sink.OutputTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow-read job: pairs the OLD and NEW answers the application logged per request, in event
 * time, classifies every pair, confirms differences by re-reading both stores, and writes the
 * evidence (mismatch topic and table, per-minute summary table, dead-letter topic, metrics).
 *
 * <pre>
 * flink run -c io.dualmigrate.jobs.ShadowReadJob dualmigrate-jobs-job.jar --config shadow.yaml
 * </pre>
 */
public final class ShadowReadJob {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowReadJob.class);

    public static final String SOURCE_UID = "read-log-source";
    public static final String REJECT_UID = "reject-malformed";
    public static final String PAIRING_UID = "pair-requests";
    public static final String REREAD_UID = "confirm-reread";
    public static final String METRICS_UID = "count-outcomes";
    public static final String MISMATCH_FILTER_UID = "mismatches-only";
    public static final String MISMATCH_TOPIC_UID = "mismatch-topic";
    public static final String MISMATCH_TABLE_UID = "mismatch-table";
    public static final String SUMMARY_UID = "minute-summary";
    public static final String SUMMARY_TABLE_UID = "summary-table";
    public static final String DEAD_LETTER_UID = "dead-letter-topic";

    private ShadowReadJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        ShadowConfig config = ShadowConfigLoader.load(Path.of(params.getRequired("config")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, config);
        env.execute("dualmigrate shadow reads: " + config.name);
    }

    /** Creates the output tables and wires the job with real Kafka and JDBC connectors. */
    public static void build(StreamExecutionEnvironment env, ShadowConfig config) {
        MismatchTable mismatchTable = new MismatchTable(config.mismatchTable, config.name);
        SummaryTable summaryTable = new SummaryTable(config.summaryTable, config.name);
        createTables(config, mismatchTable, summaryTable);
        config.entities.values().stream()
                .filter(e -> e.reread == null)
                .forEach(
                        e ->
                                LOG.info(
                                        "Entity {} has no re-read query: its differences are"
                                                + " reported UNCONFIRMED",
                                        e.name));
        defineWorkflow(
                env,
                source(config),
                kafkaSink(config, new MismatchRecordSerializer(config.mismatchTopic)),
                new BatchJdbcSink<>(
                        config.output, mismatchTable, config.batchSize, config.flushInterval),
                new BatchJdbcSink<>(
                        config.output, summaryTable, config.batchSize, config.flushInterval),
                kafkaSink(config, new DeadLetterSerializer(config.deadLetterTopic)),
                config);
    }

    /** The job graph; tests pass their own sources and sinks. */
    public static void defineWorkflow(
            StreamExecutionEnvironment env,
            Source<ReadEvent, ?, ?> source,
            Sink<ShadowOutcome> mismatchTopic,
            Sink<ShadowOutcome> mismatchTable,
            Sink<SummaryRow> summaryTable,
            Sink<DeadLetter> deadLetterTopic,
            ShadowConfig config) {
        Comparison comparison = Comparison.of(config);
        SingleOutputStreamOperator<ReadEvent> events =
                env.fromSource(source, watermarks(config), "Read logs (Kafka)")
                        .uid(SOURCE_UID)
                        .process(new RejectMalformed(comparison))
                        .name("Reject malformed events")
                        .uid(REJECT_UID);
        SingleOutputStreamOperator<ShadowOutcome> paired =
                events.keyBy(e -> e.requestId, Types.STRING)
                        .process(new PairingFunction(comparison, config.pairingWindow))
                        .name("Pair OLD and NEW per request (event time), classify")
                        .uid(PAIRING_UID);
        DataStream<ShadowOutcome> outcomes = paired;
        if (config.rereads()) {
            outcomes =
                    paired.union(
                            AsyncDataStream.unorderedWait(
                                            paired.getSideOutput(PairingFunction.TO_CONFIRM),
                                            new RereadFunction(
                                                    comparison,
                                                    config.source,
                                                    config.target,
                                                    config.confirmDelay,
                                                    config.confirmTimeout,
                                                    config.confirmThreads),
                                            config.confirmDelay
                                                    .plus(config.confirmTimeout)
                                                    .toMillis(),
                                            TimeUnit.MILLISECONDS,
                                            config.confirmCapacity)
                                    .name("Re-read OLD and NEW after the delay (confirm)")
                                    .uid(REREAD_UID));
        }
        SingleOutputStreamOperator<ShadowOutcome> counted =
                outcomes.map(new OutcomeMetrics()).name("Count outcomes").uid(METRICS_UID);
        SingleOutputStreamOperator<ShadowOutcome> mismatches =
                counted.filter(o -> o.category != Category.MATCH)
                        .name("Not MATCH")
                        .uid(MISMATCH_FILTER_UID);
        mismatches.sinkTo(mismatchTopic).name("Mismatch topic").uid(MISMATCH_TOPIC_UID);
        mismatches.sinkTo(mismatchTable).name("Mismatch table").uid(MISMATCH_TABLE_UID);
        counted.keyBy(o -> o.entity, Types.STRING)
                .process(new MinuteSummaryFunction(config.pairingWindow))
                .name("Per-minute summary per entity and category")
                .uid(SUMMARY_UID)
                .sinkTo(summaryTable)
                .name("Summary table")
                .uid(SUMMARY_TABLE_UID);
        events.getSideOutput(PairingFunction.DEAD_LETTERS)
                .union(paired.getSideOutput(PairingFunction.DEAD_LETTERS))
                .sinkTo(deadLetterTopic)
                .name("Dead-letter topic (malformed, late, duplicate)")
                .uid(DEAD_LETTER_UID);
    }

    /**
     * Event time from {@code event_time}; a malformed record has none and gets the lowest
     * timestamp, so it never moves a watermark.
     */
    public static WatermarkStrategy<ReadEvent> watermarks(ShadowConfig config) {
        return WatermarkStrategy.<ReadEvent>forBoundedOutOfOrderness(config.maxOutOfOrderness)
                .withTimestampAssigner(
                        (event, kafkaTime) ->
                                event.problem == null ? event.eventTime : Long.MIN_VALUE)
                .withIdleness(config.idleness);
    }

    /** The read-log source: the configured topics, group and starting offsets; never bounded. */
    public static KafkaSource<ReadEvent> source(ShadowConfig config) {
        return KafkaSource.<ReadEvent>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.topics)
                .setGroupId(config.groupId)
                .setStartingOffsets(
                        switch (config.startingOffsets) {
                            case COMMITTED ->
                                    OffsetsInitializer.committedOffsets(
                                            OffsetResetStrategy.EARLIEST);
                            case EARLIEST -> OffsetsInitializer.earliest();
                            case LATEST -> OffsetsInitializer.latest();
                        })
                .setDeserializer(new ReadLogDeserializer())
                .setProperties(config.kafkaSecurity.clientProperties())
                .build();
    }

    static <T> KafkaSink<T> kafkaSink(
            ShadowConfig config,
            org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(config.kafkaSecurity.clientProperties())
                .build();
    }

    private static void createTables(ShadowConfig config, OutputTable<?>... tables) {
        try (Connection connection = config.output.connect("dualmigrate-shadow-setup")) {
            for (OutputTable<?> table : tables) {
                table.create(connection);
            }
        } catch (SQLException e) {
            throw new ConfigException(
                    "Cannot create the shadow-read output tables in "
                            + config.output
                            + " (SQL state "
                            + e.getSQLState()
                            + "): check shadow.output / target and the user's CREATE rights",
                    e);
        }
    }
}
