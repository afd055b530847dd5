package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dualmigrate.testkit.EmbeddedPostgres;
import io.dualmigrate.testkit.KafkaBroker;
import io.dualmigrate.testkit.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shadow-read job on the standalone cluster, fed by a real Kafka broker: a TaskManager is
 * killed with {@code kill -9} while read-log events stream in over four partitions, a replacement
 * starts, and after the restore a burst of malformed and late events arrives.
 *
 * <p>Every request id has a known outcome ({@link #expected}): matches, value mismatches, rows
 * missing in NEW, unexpected in NEW, stale in NEW, read errors and unpaired requests, as combined
 * events or as two sides on different partitions. The mismatch table (primary key per request) must
 * hold exactly the expected mismatches, and the per-minute summary exactly the expected counts,
 * which a pair counted twice after the restore would break. The Kafka outputs are at least once:
 * the mismatch topic must hold every expected request id and no other, the dead-letter topic every
 * malformed and late event and nothing else, duplicates allowed.
 */
class ShadowReadFaultITCase {

    @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "sfault";
    private static final String READS = NAME + ".reads";
    private static final String MISMATCHES = NAME + ".shadow-mismatches";
    private static final String DEAD_LETTERS = NAME + ".shadow-dead-letters";
    private static final int PARTITIONS = 4;
    private static final long T0 = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    private static final int REQUESTS = 2_400;
    private static final long STEP_MS = 100;
    private static final int BATCH = 40;
    private static final int KILL_AT = 800;
    private static final long WINDOW_MS = 10_000;

    private KafkaProducer<byte[], byte[]> producer;

    @Test
    void killedTaskManagerAndBadInputLoseNothingAndCountNothingTwice() throws Exception {
        KafkaBroker kafka = CLUSTER.kafka();
        kafka.createTopic(READS, PARTITIONS);
        kafka.createTopic(MISMATCHES, 1);
        kafka.createTopic(DEAD_LETTERS, 1);
        CLUSTER.neu().createDatabase(NAME);
        Path config = writeConfig(kafka.bootstrapServers());
        String job =
                CLUSTER.submit(
                        ShadowReadJob.class.getName(),
                        List.of("--config", config.toString()),
                        2,
                        null);
        producer = kafka.producer();
        try (Connection out = CLUSTER.neu().connect(NAME)) {
            CLUSTER.cluster().awaitRunning(job, Duration.ofSeconds(90));

            List<String> malformed = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                malformed.addAll(sendMalformed(k));
            }
            int attempt = CLUSTER.rest().lowestAttempt(job);
            for (int first = 0; first < REQUESTS; first += BATCH) {
                for (int i = first; i < first + BATCH; i++) {
                    sendRequest(i);
                }
                producer.flush();
                if (first + BATCH == KILL_AT) {
                    awaitProgressThenKill(job, out);
                }
                Thread.sleep(250);
            }
            Awaits.until(
                    () -> CLUSTER.rest().lowestAttempt(job),
                    n -> n > attempt,
                    Duration.ofSeconds(60));
            CLUSTER.cluster().awaitRunning(job, Duration.ofSeconds(90));

            Map<String, String> expectedMismatches = expectedMismatches();
            long lastTime = time(REQUESTS - 1);
            Set<String> beforeLastWindow =
                    new HashSet<>(
                            expectedMismatches.keySet().stream()
                                    .filter(id -> time(index(id)) < lastTime - 2 * WINDOW_MS)
                                    .toList());
            Awaits.until(
                    () ->
                            new HashSet<>(
                                    Sql.rows(out, "SELECT request_id FROM " + table("mismatches"))),
                    ids -> ids.containsAll(beforeLastWindow),
                    Duration.ofSeconds(60));

            for (int k = 2; k < 8; k++) {
                malformed.addAll(sendMalformed(k));
            }
            Set<String> late = sendLate();
            for (int p = 0; p < PARTITIONS; p++) {
                String match = found(1, "{}");
                send(p, combined("tick-" + p, "tick", p, T0 + 360_000, match, match));
            }
            producer.flush();

            Awaits.until(
                    () -> missing(out, expectedMismatches.keySet()),
                    Set::isEmpty,
                    Duration.ofSeconds(60));
            assertThat(
                            Sql.rows(
                                    out,
                                    "SELECT request_id || ' ' || category || ' ' || confirmation"
                                            + " FROM "
                                            + table("mismatches")))
                    .containsExactlyInAnyOrderElementsOf(
                            expectedMismatches.entrySet().stream()
                                    .map(e -> e.getKey() + " " + e.getValue())
                                    .toList());

            List<String> summary = expectedSummary();
            Awaits.until(
                    () -> Sql.queryLong(out, "SELECT count(*) FROM " + table("summary")),
                    n -> n >= summary.size(),
                    Duration.ofSeconds(30));
            assertThat(
                            Sql.rows(
                                    out,
                                    "SELECT extract(epoch FROM window_start)::bigint || ' ' || entity"
                                            + " || ' ' || category || ' ' || count || ' ' || pairs"
                                            + " || ' ' || matches || ' ' || mismatches || ' '"
                                            + " || replication_lag FROM "
                                            + table("summary")))
                    .as("per-minute totals: nothing lost, nothing counted twice")
                    .containsExactlyInAnyOrderElementsOf(summary);

            Set<String> expectedLetters = new HashSet<>();
            malformed.forEach(raw -> expectedLetters.add("malformed " + raw));
            late.forEach(raw -> expectedLetters.add("late " + raw));
            Set<String> letters =
                    Awaits.until(
                            () -> deadLetters(kafka),
                            l -> l.containsAll(expectedLetters),
                            Duration.ofSeconds(30));
            assertThat(letters).containsExactlyInAnyOrderElementsOf(expectedLetters);

            Set<String> topicIds =
                    Awaits.until(
                            () ->
                                    read(kafka, MISMATCHES).stream()
                                            .map(m -> m.get("request_id").asText())
                                            .collect(Collectors.toSet()),
                            ids -> ids.containsAll(expectedMismatches.keySet()),
                            Duration.ofSeconds(30));
            assertThat(topicIds).containsExactlyInAnyOrderElementsOf(expectedMismatches.keySet());
        } finally {
            producer.close();
            CLUSTER.rest().cancel(job);
        }
    }

    /**
     * Waits until the job has classified pairs and completed a checkpoint, so that the restore
     * replays part of the stream on top of restored state; then kills the oldest TaskManager and
     * starts another. The stream goes on meanwhile.
     */
    private static void awaitProgressThenKill(String job, Connection out) throws Exception {
        Awaits.until(
                () -> Sql.queryLong(out, "SELECT count(*) FROM " + table("mismatches")),
                n -> n > 0,
                Duration.ofSeconds(60));
        Awaits.until(
                () -> CLUSTER.rest().completedCheckpoints(job), n -> n > 0, Duration.ofSeconds(60));
        CLUSTER.cluster().killTaskManager(CLUSTER.cluster().taskManagers().get(0));
        CLUSTER.cluster().startTaskManager();
    }

    /**
     * The outcome of request {@code i} by construction: 12 of every 20 match; the rest are two
     * value mismatches, two rows missing in NEW, one unexpected and one stale row in NEW, a read
     * error and an unpaired request.
     */
    private static String expected(int i) {
        return switch (i % 20) {
            case 12, 13 -> "VALUE_MISMATCH";
            case 14, 15 -> "MISSING_IN_NEW";
            case 16 -> "UNEXPECTED_IN_NEW";
            case 17 -> "STALE_IN_NEW";
            case 18 -> "READ_ERROR";
            case 19 -> "UNPAIRED";
            default -> "MATCH";
        };
    }

    /** Request id to "category confirmation" for every request that is not a match. */
    private static Map<String, String> expectedMismatches() {
        Map<String, String> mismatches = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            String category = expected(i);
            if (!category.equals("MATCH")) {
                boolean data = !category.equals("READ_ERROR") && !category.equals("UNPAIRED");
                mismatches.put(id(i), category + " " + (data ? "UNCONFIRMED" : "NONE"));
            }
        }
        return mismatches;
    }

    /** The summary rows: per minute and entity, each category's count and the entity's totals. */
    private static List<String> expectedSummary() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            long minute = time(i) / 60_000 * 60;
            counts.computeIfAbsent(minute + " " + entity(i), k -> new TreeMap<>())
                    .merge(expected(i), 1L, Long::sum);
        }
        List<String> rows = new ArrayList<>();
        counts.forEach(
                (minuteAndEntity, byCategory) -> {
                    long pairs =
                            byCategory.entrySet().stream()
                                    .filter(e -> !e.getKey().equals("UNPAIRED"))
                                    .mapToLong(Map.Entry::getValue)
                                    .sum();
                    long matches = byCategory.getOrDefault("MATCH", 0L);
                    byCategory.forEach(
                            (category, count) ->
                                    rows.add(
                                            minuteAndEntity
                                                    + " "
                                                    + category
                                                    + " "
                                                    + count
                                                    + " "
                                                    + pairs
                                                    + " "
                                                    + matches
                                                    + " "
                                                    + (pairs - matches)
                                                    + " 0"));
                });
        return rows;
    }

    /**
     * Sends request {@code i}: a combined event for every third request (and every read error),
     * otherwise two sides on neighbouring partitions, in alternating order; an unpaired request
     * gets its OLD side only.
     */
    private void sendRequest(int i) throws Exception {
        String category = expected(i);
        String payload = "{\"id\":" + i + ",\"name\":\"n" + i + "\"}";
        String changed = "{\"id\":" + i + ",\"name\":\"x" + i + "\"}";
        String oldAnswer = found(1, payload);
        String newAnswer =
                switch (category) {
                    case "VALUE_MISMATCH" -> found(1, changed);
                    case "MISSING_IN_NEW" -> "\"found\":false";
                    case "STALE_IN_NEW" -> found(0, changed);
                    case "READ_ERROR" -> "\"error\":\"timeout after 50 ms\"";
                    default -> found(1, payload);
                };
        if (category.equals("UNEXPECTED_IN_NEW")) {
            oldAnswer = "\"found\":false";
        }
        int partition = i % PARTITIONS;
        if (category.equals("READ_ERROR") || (i % 3 == 0 && !category.equals("UNPAIRED"))) {
            send(partition, combined(id(i), entity(i), i, time(i), oldAnswer, newAnswer));
            return;
        }
        byte[] old = side(id(i), entity(i), i, "old", time(i), oldAnswer);
        if (category.equals("UNPAIRED")) {
            send(partition, old);
            return;
        }
        byte[] neu = side(id(i), entity(i), i, "new", time(i), newAnswer);
        int other = (i + 1) % PARTITIONS;
        if (i % 2 == 0) {
            send(partition, old);
            send(other, neu);
        } else {
            send(other, neu);
            send(partition, old);
        }
    }

    /** Five kinds of malformed records, each made unique by {@code k}; returns their texts. */
    private List<String> sendMalformed(int k) throws Exception {
        long time = T0 + k;
        List<String> records =
                List.of(
                        "not JSON #" + k,
                        "{\"entity\":\"customer\",\"key\":{\"id\":"
                                + k
                                + "},\"side\":\"old\",\"event_time\":"
                                + time
                                + ",\"found\":false}",
                        "{\"request_id\":\"bad-side-"
                                + k
                                + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"middle\","
                                + "\"event_time\":"
                                + time
                                + ",\"found\":false}",
                        "{\"request_id\":\"bad-time-"
                                + k
                                + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"side\":\"old\","
                                + "\"event_time\":\"yesterday\",\"found\":false}",
                        "{\"request_id\":\"bad-key-"
                                + k
                                + "\",\"entity\":\"customer\",\"key\":{},\"side\":\"old\","
                                + "\"event_time\":"
                                + time
                                + ",\"found\":false}");
        for (int r = 0; r < records.size(); r++) {
            send((k + r) % PARTITIONS, records.get(r).getBytes(StandardCharsets.UTF_8));
        }
        producer.flush();
        return records;
    }

    /**
     * Events whose pairing window the watermark has long passed: sides of new requests from the
     * first seconds, and second copies of OLD sides of requests decided long ago. Returns their
     * texts.
     */
    private Set<String> sendLate() throws Exception {
        Set<String> texts = new HashSet<>();
        for (int k = 0; k < 10; k++) {
            byte[] fresh = side("late-" + k, "customer", k, "new", T0 + k * 1_000L, found(1, "{}"));
            send(k % PARTITIONS, fresh);
            texts.add(new String(fresh, StandardCharsets.UTF_8));
            int decided = 20 * k + 1;
            byte[] again =
                    side(
                            id(decided),
                            entity(decided),
                            decided,
                            "old",
                            time(decided),
                            found(1, "{}"));
            send((k + 1) % PARTITIONS, again);
            texts.add(new String(again, StandardCharsets.UTF_8));
        }
        producer.flush();
        return texts;
    }

    private Path writeConfig(String bootstrap) throws Exception {
        Path folder = CLUSTER.folder(NAME);
        Path password = folder.resolve("pg-password");
        Files.writeString(password, EmbeddedPostgres.PASSWORD);
        Path config = folder.resolve("shadow.yaml");
        Files.writeString(
                config,
                "migration: {name: "
                        + NAME
                        + "}\n"
                        + "target: {hostname: 127.0.0.1, port: "
                        + CLUSTER.neu().port()
                        + ", username: postgres, password-file: '"
                        + password
                        + "', database: "
                        + NAME
                        + "}\n"
                        + "shadow:\n"
                        + "  kafka:\n"
                        + "    bootstrap-servers: '"
                        + bootstrap
                        + "'\n"
                        + "    topics: ["
                        + READS
                        + "]\n"
                        + "    starting-offsets: earliest\n"
                        // A partition counts as idle only after a minute without events: all four
                        // carry events throughout, so a slow restart never makes events late.
                        + "  pairing: {window: 10 s, max-out-of-orderness: 2 s, idleness: 60 s}\n"
                        + "  output: {flush-interval: 200 ms}\n");
        return config;
    }

    /** The request ids of {@code expected} that are not in the mismatch table yet. */
    private static Set<String> missing(Connection out, Set<String> expected) throws Exception {
        Set<String> missing = new TreeSet<>(expected);
        Sql.rows(out, "SELECT request_id FROM " + table("mismatches")).forEach(missing::remove);
        return missing;
    }

    private static String table(String kind) {
        return "dualmigrate_shadow_" + kind;
    }

    private static String id(int i) {
        return String.format("r%05d", i);
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    private static String entity(int i) {
        return i % 2 == 0 ? "customer" : "order";
    }

    private static long time(int i) {
        return T0 + i * STEP_MS;
    }

    private static String found(int version, String payload) {
        return "\"found\":true,\"version\":" + version + ",\"payload\":" + payload;
    }

    private static byte[] side(
            String request, String entity, int id, String side, long time, String answer) {
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

    private static byte[] combined(
            String request, String entity, int id, long time, String old, String neu) {
        return ("{\"request_id\":\""
                        + request
                        + "\",\"entity\":\""
                        + entity
                        + "\",\"key\":{\"id\":"
                        + id
                        + "},\"event_time\":\""
                        + Instant.ofEpochMilli(time)
                        + "\",\"old\":{"
                        + old
                        + "},\"new\":{"
                        + neu
                        + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void send(int partition, byte[] value) {
        producer.send(new ProducerRecord<>(READS, partition, null, value));
    }

    /** Distinct "kind raw-text" of the dead letters; checks that each names a reason. */
    private static Set<String> deadLetters(KafkaBroker kafka) throws Exception {
        Set<String> letters = new HashSet<>();
        for (JsonNode letter : read(kafka, DEAD_LETTERS)) {
            assertThat(letter.get("reason").asText()).as("reason of %s", letter).isNotBlank();
            String raw =
                    new String(
                            Base64.getDecoder().decode(letter.get("raw_base64").asText()),
                            StandardCharsets.UTF_8);
            letters.add(letter.get("kind").asText() + " " + raw);
        }
        return letters;
    }

    private static List<JsonNode> read(KafkaBroker kafka, String topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] value : kafka.records(topic, Duration.ofSeconds(3))) {
            out.add(JSON.readTree(value));
        }
        return out;
    }
}
