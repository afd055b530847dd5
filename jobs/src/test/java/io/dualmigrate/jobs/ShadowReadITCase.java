package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmigrate.config.ShadowConfig;
import io.dualmigrate.config.ShadowConfigLoader;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.KafkaBroker;
import io.dualmigrate.testkit.KafkaExtension;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shadow-read job end to end: a real Kafka broker with a three-partition read-log topic, real
 * PostgreSQL for the re-reads and the output tables, a MiniCluster at parallelism 2.
 *
 * <p>Events arrive out of order across partitions; a replication lag, a corruption, a missing row,
 * an unpaired request, value differences that rules explain, a type difference, a read error,
 * malformed records and a late event. The job keeps running through the bad input; every outcome
 * reaches the mismatch topic and table, the minute reaches the summary table, the bad records the
 * dead-letter topic, the counters count them, and the customers' e-mail addresses reach nothing.
 */
class ShadowReadITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension(METRICS);
    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "reads";
    private static final long T0 = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    private static final List<String> EMAILS =
            List.of(
                    "ann@secret.example",
                    "bob@secret.example",
                    "cy@secret.example",
                    "di@secret.example",
                    "ed@secret.example",
                    "late@secret.example");

    private KafkaProducer<byte[], byte[]> producer;

    @Test
    void pairsClassifiesConfirmsAndReportsWhileBadInputIsDeadLettered() throws Exception {
        KafkaBroker kafka = KAFKA.broker();
        kafka.createTopic(TOPIC, 3);
        kafka.createTopic("shop.shadow-mismatches", 1);
        kafka.createTopic("shop.shadow-dead-letters", 1);
        EmbeddedPostgres pg = PG.server();
        pg.createDatabase("shadow_old");
        pg.createDatabase("shadow_new");
        try (Connection old = pg.connect("shadow_old");
                Connection neu = pg.connect("shadow_new")) {
            String ddl =
                    "CREATE TABLE customers (id int PRIMARY KEY, name text, email text,"
                            + " version bigint);\n";
            Sql.exec(
                    old,
                    ddl
                            + "INSERT INTO customers VALUES (1, 'Ann', 'ann@secret.example', 1),"
                            + " (2, 'Bob2', 'bob@secret.example', 2), (3, 'Cy', 'cy@secret.example', 1),"
                            + " (4, 'Di', 'di@secret.example', 1);\n");
            // NEW caught up with Bob (the read log saw it lagging), holds a corrupted Cy, no Di.
            Sql.exec(
                    neu,
                    ddl
                            + "INSERT INTO customers VALUES (1, 'Ann', 'ann@secret.example', 1),"
                            + " (2, 'Bob2', 'bob@secret.example', 2), (3, 'Cyx', 'cy@secret.example', 1);\n");
        }
        ShadowConfig config = config(kafka.bootstrapServers(), pg.port());
        producer = kafka.producer();

        StreamExecutionEnvironment env = FlinkCluster.environment();
        ShadowReadJob.build(env, config);
        JobClient job = env.executeAsync("shadow reads");
        try (Connection out = pg.connect("shadow_new")) {
            // Phase 1: out of order within and across partitions.
            send(2, side("c-match", "customer", 1, "new", T0 + 9_000, 1, customer(1, "Ann", 0)));
            send(0, side("c-lag", "customer", 2, "new", T0 + 3_000, 1, customer(2, "Bob1", 1)));
            send(
                    1,
                    combined(
                            "o-precision",
                            10,
                            T0 + 6_000,
                            "{\"total\":10.125,\"lines\":[\"a\",\"b\"]}",
                            "{\"total\":10.13,\"lines\":[\"b\",\"a\"]}"));
            send(0, side("c-corrupt", "customer", 3, "old", T0 + 8_000, 1, customer(3, "Cy", 2)));
            send(1, "this is not JSON".getBytes(StandardCharsets.UTF_8));
            send(2, side("c-lag", "customer", 2, "old", T0 + 2_000, 2, customer(2, "Bob2", 1)));
            send(1, side("c-missing", "customer", 4, "old", T0 + 4_000, 1, customer(4, "Di", 3)));
            send(0, side("c-match", "customer", 1, "old", T0 + 7_000, 1, customer(1, "Ann", 0)));
            send(2, combined("o-mismatch", 11, T0 + 5_000, "{\"total\":5}", "{\"total\":\"5\"}"));
            send(0, side("c-unpaired", "customer", 5, "old", T0 + 1_000, 1, customer(5, "Ed", 4)));
            send(
                    2,
                    ("{\"entity\":\"customer\",\"key\":{\"id\":9},\"side\":\"old\",\"event_time\":"
                                    + (T0 + 1_000)
                                    + ",\"found\":true,\"payload\":{\"email\":\""
                                    + EMAILS.get(4)
                                    + "\"}}")
                            .getBytes(StandardCharsets.UTF_8));
            send(1, side("c-missing", "customer", 4, "new", T0 + 4_500, null, null));
            send(2, side("c-corrupt", "customer", 3, "new", T0 + 8_100, 1, customer(3, "Cyx", 2)));
            send(
                    1,
                    ("{\"request_id\":\"o-error\",\"entity\":\"order\",\"key\":{\"id\":12},"
                                    + "\"event_time\":\"2024-05-01T12:00:03.250Z\","
                                    + "\"old\":{\"found\":true,\"payload\":{\"total\":1}},"
                                    + "\"new\":{\"error\":\"timeout after 50 ms\"}}")
                            .getBytes(StandardCharsets.UTF_8));
            tick("tick-1", T0 + 90_000);

            List<String> phase1 =
                    List.of(
                            "c-lag",
                            "c-corrupt",
                            "c-missing",
                            "c-unpaired",
                            "o-mismatch",
                            "o-error");
            Awaits.until(
                    () -> mismatchIds(out), ids -> ids.containsAll(phase1), Duration.ofSeconds(60));
            assertThat(
                            Sql.rows(
                                    out,
                                    "SELECT request_id || ' ' || category || ' '"
                                            + " || initial_category || ' ' || confirmation || ' ' || differences"
                                            + " FROM dualmigrate_shadow_mismatches ORDER BY request_id"))
                    .containsExactly(
                            "c-corrupt VALUE_MISMATCH VALUE_MISMATCH CONFIRMED"
                                    + " [{\"path\": \"name\", \"cause\": \"OTHER\"}]",
                            "c-lag REPLICATION_LAG STALE_IN_NEW TRANSIENT []",
                            "c-missing MISSING_IN_NEW MISSING_IN_NEW CONFIRMED []",
                            "c-unpaired UNPAIRED UNPAIRED NONE []",
                            "o-error READ_ERROR READ_ERROR NONE []",
                            "o-mismatch VALUE_MISMATCH VALUE_MISMATCH UNCONFIRMED"
                                    + " [{\"path\": \"total\", \"cause\": \"TYPE\"}]");
            assertThat(
                            Sql.rows(
                                    out,
                                    "SELECT old_version || ' ' || new_version || ' '"
                                            + " || event_time FROM dualmigrate_shadow_mismatches"
                                            + " WHERE request_id = 'c-lag'"))
                    .containsExactly("2 1 2024-05-01 12:00:02+00");

            Awaits.until(
                    () -> Sql.queryLong(out, "SELECT count(*) FROM dualmigrate_shadow_summary"),
                    n -> n > 0,
                    Duration.ofSeconds(30));
            assertThat(
                            Sql.rows(
                                    out,
                                    "SELECT entity || ' ' || category || ' ' || count || ' '"
                                            + " || pairs || ' ' || matches || ' ' || mismatches || ' '"
                                            + " || replication_lag || ' ' || round(match_rate::numeric, 3)"
                                            + " FROM dualmigrate_shadow_summary"
                                            + " WHERE window_start = '2024-05-01 12:00:00+00'"
                                            + " ORDER BY entity, category"))
                    .containsExactly(
                            "customer MATCH 1 4 1 2 1 0.333",
                            "customer MISSING_IN_NEW 1 4 1 2 1 0.333",
                            "customer REPLICATION_LAG 1 4 1 2 1 0.333",
                            "customer UNPAIRED 1 4 1 2 1 0.333",
                            "customer VALUE_MISMATCH 1 4 1 2 1 0.333",
                            "order MATCH 1 3 1 2 0 0.333",
                            "order READ_ERROR 1 3 1 2 0 0.333",
                            "order VALUE_MISMATCH 1 3 1 2 0 0.333");

            // Phase 2: the job is still running: a late event and one more pair.
            send(0, side("c-late", "customer", 6, "old", T0 + 10_000, 1, customer(6, "Late", 5)));
            send(1, combined("o-after", 13, T0 + 150_000, "{\"total\":1}", "{\"total\":2}"));
            tick("tick-2", T0 + 200_000);
            Awaits.until(
                    () -> mismatchIds(out), ids -> ids.contains("o-after"), Duration.ofSeconds(60));

            List<JsonNode> deadLetters =
                    Awaits.until(
                            () -> read("shop.shadow-dead-letters"),
                            l -> l.size() >= 3,
                            Duration.ofSeconds(30));
            assertThat(deadLetters)
                    .extracting(d -> d.get("kind").asText() + ": " + d.get("reason").asText())
                    .containsExactlyInAnyOrder(
                            "malformed: not JSON: Unrecognized token 'this': was expecting"
                                    + " (JSON String, Number, Array, Object or token 'null',"
                                    + " 'true' or 'false')",
                            "malformed: 'request_id' is missing",
                            "late: pairing window closed: event_time + window is behind the"
                                    + " watermark");
            assertThat(deadLetters)
                    .anySatisfy(d -> assertThat(raw(d)).isEqualTo("this is not JSON"));
            assertThat(deadLetters)
                    .anySatisfy(
                            d ->
                                    assertThat(raw(d))
                                            .contains("\"request_id\":\"c-late\"")
                                            .contains("sha256:"));

            List<JsonNode> mismatches =
                    Awaits.until(
                            () -> read("shop.shadow-mismatches"),
                            l -> l.size() >= 7,
                            Duration.ofSeconds(30));
            assertThat(mismatches)
                    .extracting(m -> m.get("request_id").asText())
                    .containsExactlyInAnyOrder(
                            "c-lag",
                            "c-corrupt",
                            "c-missing",
                            "c-unpaired",
                            "o-mismatch",
                            "o-error",
                            "o-after");
            JsonNode corrupt =
                    mismatches.stream()
                            .filter(m -> m.get("request_id").asText().equals("c-corrupt"))
                            .findFirst()
                            .orElseThrow();
            assertThat(corrupt.get("new_sample").asText()).contains("Cyx").contains("sha256:");

            assertCounters();

            List<String> everything = new ArrayList<>();
            deadLetters.forEach(d -> everything.add(d + raw(d)));
            mismatches.forEach(m -> everything.add(m.toString()));
            everything.addAll(Sql.rows(out, "SELECT t::text FROM dualmigrate_shadow_mismatches t"));
            everything.addAll(Sql.rows(out, "SELECT t::text FROM dualmigrate_shadow_summary t"));
            for (String email : EMAILS) {
                assertThat(everything).noneMatch(line -> line.contains(email));
            }
        } finally {
            producer.close();
            job.cancel().get();
        }
    }

    private static void assertCounters() throws Exception {
        Awaits.until(() -> sum("pairs", null), n -> n == 14, Duration.ofSeconds(10));
        assertThat(sum("matches", null)).isEqualTo(8);
        assertThat(sum("mismatches", "VALUE_MISMATCH")).isEqualTo(3);
        assertThat(sum("mismatches", "MISSING_IN_NEW")).isEqualTo(1);
        assertThat(sum("mismatches", "READ_ERROR")).isEqualTo(1);
        assertThat(sum("mismatches", "REPLICATION_LAG")).isEqualTo(1);
        assertThat(sum("mismatches", "STALE_IN_NEW")).isZero();
        assertThat(sum("unpaired", null)).isEqualTo(1);
        assertThat(sum("late", null)).isEqualTo(1);
        assertThat(sum("malformed", null)).isEqualTo(2);
        assertThat(sum("duplicates", null)).isZero();
        assertThat(sum("rereads", null)).isEqualTo(3);
        assertThat(sum("rereadFailures", null)).isZero();
        double matchRates = 0;
        for (var entry : METRICS.getMetricsByGroup().entrySet()) {
            Metric rate = entry.getValue().get("matchRate");
            if (rate != null && !Double.isNaN((Double) ((Gauge<?>) rate).getValue())) {
                matchRates += (Double) ((Gauge<?>) rate).getValue();
            }
        }
        assertThat(matchRates).as("sum of the subtasks' match rates").isPositive();
    }

    /** Sum over subtasks of a shadow counter, optionally of one category. */
    private static long sum(String name, String category) {
        long total = 0;
        for (var entry : METRICS.getMetricsByGroup().entrySet()) {
            MetricGroup group = entry.getKey();
            Metric metric = entry.getValue().get(name);
            if (!(metric instanceof Counter)
                    || !group.getMetricIdentifier(name).contains(".shadow.")) {
                continue;
            }
            String groupCategory = group.getAllVariables().get("<category>");
            if (category == null || category.equals(groupCategory)) {
                total += ((Counter) metric).getCount();
            }
        }
        return total;
    }

    private static ShadowConfig config(String bootstrap, int pgPort) {
        String connection =
                "{hostname: 127.0.0.1, port: "
                        + pgPort
                        + ", username: postgres,"
                        + " password-env: PG_PW, database: ";
        String yaml =
                "migration: {name: shop}\n"
                        + "source: "
                        + connection
                        + "shadow_old}\n"
                        + "target: "
                        + connection
                        + "shadow_new}\n"
                        + "shadow:\n"
                        + "  kafka: {bootstrap-servers: '"
                        + bootstrap
                        + "', topics: ["
                        + TOPIC
                        + "], group-id: g-"
                        + UUID.randomUUID()
                        + ", starting-offsets: earliest}\n"
                        + "  pairing: {window: 5 s, max-out-of-orderness: 2 s, idleness: 2 s}\n"
                        + "  confirm: {delay: 1 s, timeout: 10 s, threads: 2}\n"
                        + "  output: {flush-interval: 200 ms}\n"
                        + "  redaction: {mode: hash, fields: [email]}\n"
                        + "  entities:\n"
                        + "    - name: customer\n"
                        + "      reread:\n"
                        + "        old: 'SELECT id, name, email, version FROM customers"
                        + " WHERE id = :id'\n"
                        + "        new: 'SELECT id, name, email, version FROM customers"
                        + " WHERE id = :id'\n"
                        + "    - name: order\n"
                        + "      numeric-scale: 2\n"
                        + "      unordered-arrays: [lines]\n";
        return new ShadowConfigLoader(Map.of("PG_PW", EmbeddedPostgres.PASSWORD)).parse(yaml);
    }

    private static String customer(int id, String name, int email) {
        return "{\"id\":"
                + id
                + ",\"name\":\""
                + name
                + "\",\"email\":\""
                + EMAILS.get(email)
                + "\"}";
    }

    private static byte[] side(
            String request,
            String entity,
            int id,
            String side,
            long time,
            Integer version,
            String payload) {
        String answer =
                payload == null
                        ? "\"found\":false"
                        : "\"found\":true,\"version\":" + version + ",\"payload\":" + payload;
        return ("{\"request_id\":\""
                        + request
                        + "\",\"entity\":\""
                        + entity
                        + "\",\"key\":{\"id\":"
                        + id
                        + "},\"side\":\""
                        + side
                        + "\",\"event_time\":"
                        + time
                        + ","
                        + answer
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] combined(String request, int id, long time, String old, String neu) {
        return ("{\"request_id\":\""
                        + request
                        + "\",\"entity\":\"order\",\"key\":{\"id\":"
                        + id
                        + "},\"event_time\":\""
                        + Instant.ofEpochMilli(time)
                        + "\",\"old\":{\"found\":true,\"payload\":"
                        + old
                        + "},\"new\":{\"found\":true,\"payload\":"
                        + neu
                        + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A matching pair on every partition, so that every partition's watermark moves to time. */
    private void tick(String name, long time) throws Exception {
        for (int partition = 0; partition < 3; partition++) {
            send(partition, combined(name + "-" + partition, 100 + partition, time, "{}", "{}"));
        }
        producer.flush();
    }

    private void send(int partition, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, partition, null, value)).get();
    }

    private static List<String> mismatchIds(Connection c) throws Exception {
        return Sql.rows(c, "SELECT request_id FROM dualmigrate_shadow_mismatches");
    }

    private static String raw(JsonNode deadLetter) {
        return new String(
                Base64.getDecoder().decode(deadLetter.get("raw_base64").asText()),
                StandardCharsets.UTF_8);
    }

    private static List<JsonNode> read(String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] value : KAFKA.broker().records(topic, Duration.ofSeconds(3))) {
            out.add(JSON.readTree(value));
        }
        return out;
    }
}
