package io.dualmigrate.bench;

import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.demo.LocalCluster;
import io.dualmigrate.demo.shadow.Noise;
import io.dualmigrate.demo.shadow.ReadLogGenerator;
import io.dualmigrate.demo.shadow.ReadLogProducer;
import io.dualmigrate.demo.shadow.ReadLogTally;
import io.dualmigrate.demo.shadow.ReadMix;
import io.dualmigrate.demo.shadow.Scenario;
import io.dualmigrate.jobs.ShadowReadJob;
import io.dualmigrate.shadow.DeadLetterSerializer;
import io.dualmigrate.shadow.MismatchRecordSerializer;
import io.dualmigrate.shadow.MismatchTable;
import io.dualmigrate.shadow.OpenPair;
import io.dualmigrate.shadow.ReadEvent;
import io.dualmigrate.shadow.ReadLogDeserializer;
import io.dualmigrate.shadow.ReadLogParser;
import io.dualmigrate.shadow.SummaryTable;
import io.dualmigrate.sink.BatchJdbcSink;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.KafkaBroker;
import io.dualmigrate.testkit.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The shadow-read benchmark: the shadow-read job against a plain Flink job that only consumes and
 * counts the same topic, in the same run, on the same local cluster settings (parallelism 2,
 * RocksDB, checkpoints every 2 s).
 *
 * <ol>
 *   <li>The read-log generator writes {@code --events} events (one per side, so half as many
 *       requests) with {@code --mismatch-rate} value mismatches into a topic of an in-process Kafka
 *       broker.
 *   <li>The plain job reads the topic from the first to the last offset (bounded) and counts the
 *       records; its run time is the baseline.
 *   <li>A parse-only job reads them with the shadow-read job's source (JSON parsing included) and
 *       counts them: how much of the difference is parsing.
 *   <li>The shadow-read job reads the same records (bounded), pairs, normalises and classifies them
 *       and writes its mismatch and summary tables to an embedded PostgreSQL. Its figures count
 *       only if the tables hold every pair and every mismatch the generator made.
 *   <li>State per open pair: the first side of a sample of requests serialized with Flink's own
 *       serializers as the pairing function keeps it (value, key and event-time timer), before
 *       RocksDB's per-entry overhead and compression.
 * </ol>
 *
 * <pre>
 * ./dualmigrate bench shadow --events 2000000 --report out.md
 * </pre>
 */
public final class ShadowBenchmark {

    static final String TOPIC = "bench.read-log";
    static final String DATABASE = "bench_shadow";
    static final int PARTITIONS = 4;
    static final double REQUESTS_PER_EVENT_SECOND = 10_000;
    static final int STATE_SAMPLE = 10_000;

    private final long events;
    private final double mismatchRate;
    private final Path reportFile;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Path folder;

    private ShadowBenchmark(long events, double mismatchRate, Path reportFile) {
        this.events = events;
        this.mismatchRate = mismatchRate;
        this.reportFile = reportFile;
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "dualmigrate-bench-log4j2.properties");
        }
        long events = 2_000_000;
        double mismatchRate = 0.01;
        Path report = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(required(args[i], value));
                case "--mismatch-rate" ->
                        mismatchRate = Double.parseDouble(required(args[i], value));
                case "--report" -> report = Path.of(required(args[i], value));
                default -> {
                    System.err.println(
                            "usage: bench shadow [--events N] [--mismatch-rate R] [--report FILE]"
                                    + "\nunknown argument: "
                                    + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (events < 1_000 || events % 2 != 0 || !(mismatchRate >= 0 && mismatchRate < 1)) {
            System.err.println(
                    "--events must be even and at least 1000; --mismatch-rate in [0, 1)");
            System.exit(2);
        }
        // Flink leaves non-daemon threads behind: exit explicitly.
        System.exit(new ShadowBenchmark(events, mismatchRate, report).run());
    }

    private static String required(String flag, String value) {
        if (value == null) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return value;
    }

    private int run() {
        Machine machine = Machine.describe();
        String startedAt =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(Instant.now().atOffset(ZoneOffset.UTC));
        String loadBefore = Machine.loadAverage();
        Console.phase("dualmigrate shadow-read benchmark");
        Console.info(
                "machine: %d × %s, %s; %s",
                machine.cpus, machine.cpuModel, machine.memory, machine.java);
        Console.info("load average before: %s", loadBefore);
        try {
            folder = Files.createTempDirectory("dualmigrate-bench-shadow-");
            KafkaBroker kafka = KafkaBroker.start();
            cleanup.add(kafka);
            kafka.createTopic(TOPIC, PARTITIONS);
            kafka.createTopic("bench.shadow-mismatches", 1);
            kafka.createTopic("bench.shadow-dead-letters", 1);
            EmbeddedPostgres pg = EmbeddedPostgres.start();
            cleanup.add(pg);
            pg.createDatabase(DATABASE);

            Console.phase("1. read log: " + String.format("%,d", events) + " events into Kafka");
            ReadLogTally tally = produce(kafka);
            long total = tally.events() + tally.closingRequests();
            long pairs = tally.pairs() + tally.closingRequests();
            long mismatches = tally.pairs() - tally.pairs(Scenario.MATCH);
            Console.info(
                    "%,d events: %,d pairs, %,d of them value mismatches",
                    total, pairs, mismatches);

            Console.phase("2. plain job: consume and count");
            JobExecutionResult plain = runPlain(kafka);
            long counted = plain.<Long>getAccumulatorResult("records");
            if (counted != total) {
                throw new IllegalStateException(
                        "the plain job counted " + counted + " records, not " + total);
            }
            double plainSeconds = plain.getNetRuntime() / 1000.0;
            Console.info("%,d records in %.1f s", counted, plainSeconds);

            Console.phase("3. parse-only job: the shadow-read job's source, and count");
            JobExecutionResult parse = runParseOnly(kafka);
            long parsed = parse.<Long>getAccumulatorResult("records");
            if (parsed != total) {
                throw new IllegalStateException(
                        "the parse-only job counted " + parsed + " events, not " + total);
            }
            double parseSeconds = parse.getNetRuntime() / 1000.0;
            Console.info("%,d events in %.1f s", parsed, parseSeconds);

            Console.phase("4. shadow-read job: pair, normalise, classify, write mismatches");
            ShadowConfig config = ShadowConfigLoader.load(writeConfig(kafka, pg));
            JobExecutionResult shadow = runShadow(config);
            double shadowSeconds = shadow.getNetRuntime() / 1000.0;
            try (Connection db = pg.connect(DATABASE)) {
                long rows = Sql.queryLong(db, "SELECT count(*) FROM bench_mismatches");
                long summarised =
                        Sql.queryLong(
                                db,
                                "SELECT coalesce(sum(count), 0) FROM bench_summary"
                                        + " WHERE category <> 'UNPAIRED'");
                if (rows != mismatches || summarised != pairs) {
                    throw new IllegalStateException(
                            String.format(
                                    "the shadow-read job reported %,d mismatches and %,d pairs,"
                                            + " the generator made %,d and %,d",
                                    rows, summarised, mismatches, pairs));
                }
            }
            Console.info("%,d pairs (%,d mismatches) in %.1f s", pairs, mismatches, shadowSeconds);

            Console.phase("5. state per open pair");
            long[] state = stateBytes();

            String loadAfter = Machine.loadAverage();
            String report =
                    report(
                            machine,
                            startedAt,
                            loadBefore,
                            loadAfter,
                            total,
                            pairs,
                            mismatches,
                            plainSeconds,
                            parseSeconds,
                            shadowSeconds,
                            state);
            System.out.println();
            System.out.println(report);
            if (reportFile != null) {
                Files.writeString(reportFile, report);
                Console.info("report written to %s", reportFile);
            }
            return 0;
        } catch (Throwable e) {
            System.err.println("\nThe benchmark failed:");
            e.printStackTrace();
            return 1;
        } finally {
            close();
        }
    }

    private ReadLogTally produce(KafkaBroker kafka) {
        double mismatchesEach = mismatchRate / Scenario.Cause.values().length;
        StringBuilder mix = new StringBuilder("match=").append(1 - mismatchRate);
        if (mismatchRate > 0) {
            mix.append(",value_mismatch=").append(mismatchRate);
        }
        ReadLogGenerator generator =
                new ReadLogGenerator(
                        new ReadLogGenerator.Settings(
                                "customer",
                                PARTITIONS,
                                ReadMix.parse(mix.toString()),
                                Noise.none(),
                                1_000,
                                1L,
                                Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(),
                                REQUESTS_PER_EVENT_SECOND));
        long started = System.nanoTime();
        try (ReadLogProducer producer = new ReadLogProducer(kafka.bootstrapServers(), TOPIC)) {
            long requests = events / 2;
            long step = Math.max(1, requests / 100);
            for (long done = 0; done < requests; done += step) {
                generator.generate(Math.min(step, requests - done), producer::send);
                Console.progress(
                        "%,d of %,d requests sent", Math.min(done + step, requests), requests);
            }
            generator.finish(producer::send);
            generator.sendLate(producer::send);
            producer.flush();
        }
        Console.progressDone();
        double seconds = (System.nanoTime() - started) / 1e9;
        Console.info(
                "written in %.1f s (%,.0f events/s; %.4f %% value mismatches per cause)",
                seconds, events / seconds, 100 * mismatchesEach);
        return generator.tally();
    }

    private JobExecutionResult runPlain(KafkaBroker kafka) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(folder.resolve("plain"))) {
            StreamExecutionEnvironment env = cluster.environment();
            KafkaSource<byte[]> source =
                    boundedSource(
                            kafka.bootstrapServers(),
                            "bench-plain",
                            KafkaRecordDeserializationSchema.valueOnly(new RawBytes()));
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "Read logs (Kafka)")
                    .uid("plain-source")
                    .map(new CountRecords<>())
                    .name("Count")
                    .uid("plain-count")
                    .sinkTo(new DiscardingSink<>())
                    .name("Discard")
                    .uid("plain-discard");
            return cluster.submit(env, "bench: plain consume and count")
                    .getJobExecutionResult()
                    .get();
        }
    }

    /**
     * The job's graph with its production sinks, as {@link ShadowReadJob#build} wires it, but with
     * a bounded source so that the run ends when the topic is read.
     */
    private JobExecutionResult runShadow(ShadowConfig config) throws Exception {
        MismatchTable mismatchTable = new MismatchTable(config.mismatchTable, config.name);
        SummaryTable summaryTable = new SummaryTable(config.summaryTable, config.name);
        try (Connection db = config.output.connect("dualmigrate-bench-setup")) {
            mismatchTable.create(db);
            summaryTable.create(db);
        }
        try (LocalCluster cluster = LocalCluster.start(folder.resolve("shadow"))) {
            StreamExecutionEnvironment env = cluster.environment();
            ShadowReadJob.defineWorkflow(
                    env,
                    boundedSource(
                            config.bootstrapServers, "bench-shadow", new ReadLogDeserializer()),
                    kafkaSink(config, new MismatchRecordSerializer(config.mismatchTopic)),
                    new BatchJdbcSink<>(
                            config.output, mismatchTable, config.batchSize, config.flushInterval),
                    new BatchJdbcSink<>(
                            config.output, summaryTable, config.batchSize, config.flushInterval),
                    kafkaSink(config, new DeadLetterSerializer(config.deadLetterTopic)),
                    config);
            return cluster.submit(env, "bench: shadow reads").getJobExecutionResult().get();
        }
    }

    /** Only the job's source: read and parse every event, count the parsed ones. */
    private JobExecutionResult runParseOnly(KafkaBroker kafka) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(folder.resolve("parse"))) {
            StreamExecutionEnvironment env = cluster.environment();
            env.fromSource(
                            boundedSource(
                                    kafka.bootstrapServers(),
                                    "bench-parse",
                                    new ReadLogDeserializer()),
                            WatermarkStrategy.noWatermarks(),
                            "Read logs (Kafka)")
                    .uid("parse-source")
                    .map(new CountRecords<>())
                    .name("Count")
                    .uid("parse-count")
                    .sinkTo(new DiscardingSink<>())
                    .name("Discard")
                    .uid("parse-discard");
            return cluster.submit(env, "bench: parse and count").getJobExecutionResult().get();
        }
    }

    private static <T> KafkaSource<T> boundedSource(
            String bootstrap, String group, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(TOPIC)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(deserializer)
                .setProperty("commit.offsets.on.checkpoint", "false")
                .build();
    }

    private static <T> KafkaSink<T> kafkaSink(
            ShadowConfig config, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private Path writeConfig(KafkaBroker kafka, EmbeddedPostgres pg) throws Exception {
        Path password = folder.resolve("pg-password");
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        Path file = folder.resolve("shadow.yaml");
        Files.writeString(
                file,
                """
                migration:
                  name: bench
                target:
                  hostname: 127.0.0.1
                  port: %d
                  database: %s
                  username: postgres
                  password-file: %s
                shadow:
                  kafka:
                    bootstrap-servers: %s
                    topics: [%s]
                    starting-offsets: earliest
                  pairing:
                    window: 5 s
                    max-out-of-orderness: 2 s
                  output:
                    mismatch-table: public.bench_mismatches
                    summary-table: public.bench_summary
                  redaction:
                    fields: [email]
                  entities:
                    - name: customer
                      rename: {full_name: name}
                """
                        .formatted(pg.port(), DATABASE, password, kafka.bootstrapServers(), TOPIC));
        return file;
    }

    /**
     * Average serialized bytes of what the pairing function keeps per open pair: {value, key,
     * timer}, from the first sides of the first {@value #STATE_SAMPLE} requests.
     */
    private static long[] stateBytes() throws Exception {
        ReadLogGenerator generator =
                new ReadLogGenerator(
                        new ReadLogGenerator.Settings(
                                "customer",
                                PARTITIONS,
                                ReadMix.parse("match=1"),
                                Noise.none(),
                                1_000,
                                1L,
                                0,
                                REQUESTS_PER_EVENT_SECOND));
        List<ReadEvent> firstSides = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        generator.generate(
                STATE_SAMPLE,
                r -> {
                    if (seen.add(r.key())) {
                        firstSides.add(ReadLogParser.parse(r.value()));
                    }
                });
        TypeSerializer<OpenPair> pairs =
                TypeInformation.of(OpenPair.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        long value = 0;
        long key = 0;
        for (ReadEvent e : firstSides) {
            OpenPair pair = new OpenPair();
            pair.entity = e.entity;
            pair.key = e.key;
            pair.eventTime = e.eventTime;
            pair.deadline = e.eventTime + 5_000;
            pair.oldSide = e.oldSide;
            pair.newSide = e.newSide;
            out.clear();
            pairs.serialize(pair, out);
            value += out.length();
            out.clear();
            StringSerializer.INSTANCE.serialize(e.requestId, out);
            key += out.length();
        }
        int n = firstSides.size();
        // RocksDB keys: key-group prefix (1 byte at max parallelism <= 128), the key, the
        // namespace (VoidNamespace: 1 byte); a timer is the key-group prefix, the timestamp
        // (8 bytes), the key and the namespace.
        long keyBytes = 1 + key / n + 1;
        long timerBytes = 1 + 8 + key / n + 1;
        long valueBytes = value / n;
        Console.info(
                "%,d open pairs sampled: value %d B, key %d B, timer %d B",
                n, valueBytes, keyBytes, timerBytes);
        return new long[] {valueBytes, keyBytes, timerBytes};
    }

    private String report(
            Machine machine,
            String startedAt,
            String loadBefore,
            String loadAfter,
            long total,
            long pairs,
            long mismatches,
            double plainSeconds,
            double parseSeconds,
            double shadowSeconds,
            long[] state) {
        double ratio = shadowSeconds / plainSeconds;
        return String.join(
                "\n",
                "## Shadow-read job vs plain consume (" + startedAt + ")",
                "",
                "`./dualmigrate bench shadow --events "
                        + events
                        + "` on "
                        + machine.cpus
                        + " × "
                        + machine.cpuModel
                        + ", "
                        + machine.memory
                        + ", "
                        + machine.java
                        + "; load average "
                        + loadBefore
                        + " before, "
                        + loadAfter
                        + " after.",
                "",
                String.format(
                        Locale.ROOT,
                        "%,d read-log events (%,d pairs, %,d value mismatches = %.2f %%) in one"
                                + " topic of %d partitions; both jobs at parallelism %d, RocksDB,"
                                + " checkpoints every %d s, bounded (first to last offset); run"
                                + " time is Flink's net run time of the job.",
                        total,
                        pairs,
                        mismatches,
                        100.0 * mismatches / pairs,
                        PARTITIONS,
                        LocalCluster.PARALLELISM,
                        LocalCluster.CHECKPOINT_INTERVAL.toSeconds()),
                "",
                "| job | run time | events/s | pairs/s |",
                "|---|---:|---:|---:|",
                String.format(
                        Locale.ROOT,
                        "| plain consume + count | %.1f s | %,.0f | %,.0f |",
                        plainSeconds,
                        total / plainSeconds,
                        pairs / plainSeconds),
                String.format(
                        Locale.ROOT,
                        "| parse only (the job's source) + count | %.1f s | %,.0f | %,.0f |",
                        parseSeconds,
                        total / parseSeconds,
                        pairs / parseSeconds),
                String.format(
                        Locale.ROOT,
                        "| shadow-read job | %.1f s | %,.0f | %,.0f |",
                        shadowSeconds,
                        total / shadowSeconds,
                        pairs / shadowSeconds),
                "",
                String.format(
                        Locale.ROOT,
                        "Comparator cost: %.2f × the plain consume (goal: at most 2 ×): %s.",
                        ratio,
                        ratio <= 2 ? "met" : "NOT met"),
                "",
                String.format(
                        Locale.ROOT,
                        "State per open pair (serialized with Flink's serializers, before RocksDB"
                                + " overhead and compression): %d B value (the first side:"
                                + " entity, key, times, found, version, payload, latency) + %d B"
                                + " key + %d B event-time timer = %d B.",
                        state[0],
                        state[1],
                        state[2],
                        state[0] + state[1] + state[2]),
                "");
    }

    private void close() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                System.err.println("could not clean up: " + e);
            }
        }
        if (folder != null) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (Exception e) {
                System.err.println("could not delete " + folder + ": " + e);
            }
        }
    }

    /** The record as it is: no parsing, so the baseline is Kafka and Flink alone. */
    static final class RawBytes extends AbstractDeserializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] deserialize(byte[] message) {
            return message;
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }

    /** Counts records in an accumulator the job result carries. */
    static final class CountRecords<T> extends RichMapFunction<T, Integer> {
        private static final long serialVersionUID = 1L;
        private transient LongCounter records;

        @Override
        public void open(OpenContext context) {
            records = new LongCounter();
            getRuntimeContext().addAccumulator("records", records);
        }

        @Override
        public Integer map(T value) {
            records.add(1L);
            return 1;
        }
    }
}
