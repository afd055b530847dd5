package io.dualmigrate.demo;

import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.demo.shadow.Noise;
import io.dualmigrate.demo.shadow.ReadLogGenerator;
import io.dualmigrate.demo.shadow.ReadLogProducer;
import io.dualmigrate.demo.shadow.ReadLogTally;
import io.dualmigrate.demo.shadow.ReadMix;
import io.dualmigrate.demo.shadow.ShadowTables;
import io.dualmigrate.jobs.ShadowReadJob;
import io.dualmigrate.testkit.KafkaBroker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The demo's shadow-read part: an in-process Kafka broker, the read-log generator simulating the
 * application's shadow reads of {@code customer} (in database mode, over a small table in OLD and
 * NEW), and the shadow-read job on the demo's Flink cluster; at the end, the match rate and the
 * mismatches by category, next to what the generator produced.
 */
final class ShadowDemo implements AutoCloseable {

    static final String TOPIC = "shop.read-log";
    static final int PARTITIONS = 4;
    static final int READS_PER_SECOND = 50;
    static final Duration WINDOW = Duration.ofSeconds(3);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    static final Duration CONFIRM_DELAY = Duration.ofSeconds(2);
    static final String MISMATCH_TABLE = "shadow_mismatches";
    private static final long SEED = 20_261_126L;
    private static final Duration WATERMARK_PAUSE = Duration.ofSeconds(2);

    /**
     * What the job reported, and what the generator says it should have.
     *
     * @param byCategory rows of the mismatch table per category, plus {@code MATCH} from the job's
     *     counter
     * @param expected the generator's pairs per category, closing requests included
     * @param causes differing fields of value mismatches per cause, from the mismatch table
     */
    record Result(
            Map<String, Long> byCategory,
            Map<String, Long> expected,
            Map<String, Long> causes,
            Map<String, Long> expectedCauses,
            long late,
            long lateExpected,
            long malformed,
            long malformedExpected,
            double matchRate) {

        /** True when every count equals what the generator made. */
        boolean asExpected() {
            return byCategory.equals(expected)
                    && causes.equals(expectedCauses)
                    && late == lateExpected
                    && malformed == malformedExpected;
        }
    }

    private final Console console;
    private final Connection neu;
    private KafkaBroker kafka;
    private ReadLogGenerator generator;
    private ReadLogProducer producer;
    private JobClient job;
    private Thread reads;
    private volatile boolean reading;
    private volatile Exception failure;
    private boolean closed;

    private ShadowDemo(Console console, Connection neu) {
        this.console = console;
        this.neu = neu;
    }

    /**
     * Starts Kafka, writes the entity tables into OLD and NEW, submits the job to {@code cluster}
     * and starts the simulated reads.
     */
    static ShadowDemo start(
            Console console,
            Connection old,
            Connection neu,
            int pgPort,
            Path folder,
            Path passwordFile,
            LocalCluster cluster)
            throws Exception {
        ShadowDemo demo = new ShadowDemo(console, neu);
        try {
            demo.startIn(old, pgPort, folder, passwordFile, cluster);
        } catch (Exception e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private void startIn(
            Connection old, int pgPort, Path folder, Path passwordFile, LocalCluster cluster)
            throws Exception {
        kafka = KafkaBroker.start();
        kafka.createTopic(TOPIC, PARTITIONS);
        kafka.createTopic(ShopSchema.MIGRATION + ".shadow-mismatches", 1);
        kafka.createTopic(ShopSchema.MIGRATION + ".shadow-dead-letters", 1);
        long start = System.currentTimeMillis();
        generator =
                new ReadLogGenerator(
                        new ReadLogGenerator.Settings(
                                "customer",
                                PARTITIONS,
                                ReadMix.defaults(),
                                Noise.typical(WINDOW, OUT_OF_ORDERNESS),
                                20,
                                SEED,
                                start,
                                READS_PER_SECOND));
        ShadowTables.write(old, neu, generator);

        Path file = folder.resolve("shadow.yaml");
        Files.writeString(file, configYaml(pgPort, passwordFile, kafka.bootstrapServers()));
        ShadowConfig config = ShadowConfigLoader.load(file);
        StreamExecutionEnvironment env = cluster.environment();
        ShadowReadJob.build(env, config);
        job = cluster.submit(env, "dualmigrate shadow reads: " + config.name);

        producer = new ReadLogProducer(kafka.bootstrapServers(), TOPIC);
        reading = true;
        reads = new Thread(this::readLoop, "shadow-reads");
        reads.setDaemon(true);
        reads.start();
        console.line(
                String.format(
                        "Shadow reads: the application also reads customers from OLD and NEW"
                                + " (~%d reads/s) and logs both answers to Kafka (%s, topic %s,"
                                + " %d partitions),%nwith a mix of every mismatch category and"
                                + " noise (out-of-order, late, malformed events); the shadow-read"
                                + " job pairs and classifies them (%s)",
                        READS_PER_SECOND, kafka.bootstrapServers(), TOPIC, PARTITIONS, file));
    }

    private void readLoop() {
        try {
            while (reading) {
                generator.advanceTo(System.currentTimeMillis(), producer::send);
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /**
     * Stops the reads, then sends what is in flight and the closing requests, and after a pause
     * (the job's watermark passes the closing requests) the late events still waiting.
     */
    void stopReads() throws Exception {
        reading = false;
        reads.join();
        if (failure != null) {
            throw new IllegalStateException("the simulated shadow reads failed", failure);
        }
        generator.finish(producer::send);
        producer.flush();
        Thread.sleep(WATERMARK_PAUSE.toMillis());
        generator.sendLate(producer::send);
        producer.flush();
    }

    /**
     * Waits until the job has reported every pair the generator made (or {@code timeout}), then
     * reads its mismatch table and counters.
     */
    Result awaitResults(URI webUi, Duration timeout) throws Exception {
        ReadLogTally tally = generator.tally();
        Map<String, Long> expected = new TreeMap<>(tally.expectedCategories(true));
        expected.merge("MATCH", tally.closingRequests(), Long::sum);
        long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
        long expectedMismatches = expectedTotal - expected.getOrDefault("MATCH", 0L);
        JobCounters counters =
                new JobCounters(
                        webUi,
                        job.getJobID(),
                        List.of("pairs", "matches", "unpaired", "late", "malformed"));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> c = counters.read();
        Map<String, Long> byCategory = mismatchesByCategory();
        while (System.nanoTime() < deadline
                && (total(byCategory) < expectedMismatches
                        || c.getOrDefault("pairs", 0L) + c.getOrDefault("unpaired", 0L)
                                < expectedTotal
                        || c.getOrDefault("late", 0L) < tally.lateEvents())) {
            Thread.sleep(1_000);
            c = counters.read();
            byCategory = mismatchesByCategory();
        }
        long matches = c.getOrDefault("matches", 0L);
        byCategory.put("MATCH", matches);
        long pairs = c.getOrDefault("pairs", 0L);
        long lag = byCategory.getOrDefault("REPLICATION_LAG", 0L);
        return new Result(
                byCategory,
                expected,
                count(
                        "SELECT d->>'cause', count(*) FROM "
                                + MISMATCH_TABLE
                                + ", jsonb_array_elements(differences) d"
                                + " WHERE category = 'VALUE_MISMATCH' GROUP BY 1"),
                tally.expectedCauses(),
                c.getOrDefault("late", 0L),
                tally.lateEvents(),
                c.getOrDefault("malformed", 0L),
                tally.malformedEvents(),
                pairs - lag == 0 ? Double.NaN : (double) matches / (pairs - lag));
    }

    void print(Result r) {
        console.out().println("Shadow reads (job's counts; in brackets what the generator made):");
        console.out()
                .printf(
                        "  match rate %.2f %% (matches / pairs, replication lag excluded)%n",
                        100 * r.matchRate());
        TreeMap<String, Long> categories = new TreeMap<>(r.expected());
        categories.putAll(r.byCategory());
        for (String category : categories.keySet()) {
            long got = r.byCategory().getOrDefault(category, 0L);
            long want = r.expected().getOrDefault(category, 0L);
            console.out()
                    .printf(
                            "  %-18s %,7d  (%,d)%s%n",
                            category, got, want, got == want ? "" : "  DIFFERS");
            if (category.equals("VALUE_MISMATCH")) {
                printCauses(r);
            }
        }
        console.out()
                .printf(
                        "  late events %,d (%,d), malformed events %,d (%,d): both sent to the"
                                + " dead-letter topic%n",
                        r.late(), r.lateExpected(), r.malformed(), r.malformedExpected());
    }

    private void printCauses(Result r) {
        TreeMap<String, Long> causes = new TreeMap<>(r.expectedCauses());
        causes.putAll(r.causes());
        for (String cause : causes.keySet()) {
            long got = r.causes().getOrDefault(cause, 0L);
            long want = r.expectedCauses().getOrDefault(cause, 0L);
            console.out()
                    .printf(
                            "    caused by %-20s %,5d  (%,d)%s%n",
                            cause, got, want, got == want ? "" : "  DIFFERS");
        }
    }

    private Map<String, Long> mismatchesByCategory() throws SQLException {
        return count("SELECT category, count(*) FROM " + MISMATCH_TABLE + " GROUP BY category");
    }

    /** A two-column (name, count) query as a sorted map. */
    private Map<String, Long> count(String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Statement st = neu.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String configYaml(int port, Path passwordFile, String bootstrap) {
        return """
                # Written by './dualmigrate demo'; conf/examples/shadow.yaml has a commented example.
                migration:
                  name: %1$s
                source:
                  hostname: 127.0.0.1
                  port: %2$d
                  database: %3$s
                  username: postgres
                  password-file: %4$s
                target:
                  hostname: 127.0.0.1
                  port: %2$d
                  database: %5$s
                  username: postgres
                  password-file: %4$s
                shadow:
                  kafka:
                    bootstrap-servers: %6$s
                    topics: [%7$s]
                    starting-offsets: earliest
                  pairing:
                    window: %8$d ms
                    max-out-of-orderness: %9$d ms
                    idleness: 10 s
                  confirm:
                    delay: %10$d ms
                  output:
                    mismatch-table: public.%11$s
                    summary-table: public.shadow_summary
                  redaction:
                    mode: hash
                    fields: [email]
                  entities:
                    - name: customer
                      rename: {full_name: name}
                      reread:
                        old: "%12$s"
                        new: "%13$s"
                        version-column: version
                """
                .formatted(
                        ShopSchema.MIGRATION,
                        port,
                        ShopSchema.OLD_DATABASE,
                        passwordFile,
                        ShopSchema.NEW_DATABASE,
                        bootstrap,
                        TOPIC,
                        WINDOW.toMillis(),
                        OUT_OF_ORDERNESS.toMillis(),
                        CONFIRM_DELAY.toMillis(),
                        MISMATCH_TABLE,
                        ShadowTables.OLD_REREAD,
                        ShadowTables.NEW_REREAD);
    }

    /** Cancels the shadow-read job, so that the cluster stops without failing its tasks. */
    void cancelJob() throws Exception {
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Stops the reads and the broker; call after the job is cancelled. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reading = false;
        if (reads != null) {
            try {
                reads.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
