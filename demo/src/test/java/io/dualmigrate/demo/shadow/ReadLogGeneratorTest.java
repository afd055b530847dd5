package io.dualmigrate.demo.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadLogGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);

    @Test
    void everyScenarioOccursInItsConfiguredShare() throws Exception {
        ReadMix mix = ReadMix.defaults();
        int requests = 30_000;
        List<ReadLogRecord> records = generate(mix, Noise.none(), requests, 7);

        Map<String, List<JsonNode>> byRequest = byRequest(records);
        assertThat(byRequest).hasSize(requests);
        Map<Scenario, Integer> counted = new EnumMap<>(Scenario.class);
        byRequest
                .values()
                .forEach(events -> counted.merge(scenarioOf(events.get(0)), 1, Integer::sum));

        for (Scenario scenario : Scenario.values()) {
            double p = mix.share(scenario);
            double sigma = Math.sqrt(p * (1 - p) / requests);
            double observed = counted.getOrDefault(scenario, 0) / (double) requests;
            assertThat(p).as("share of %s in the default mix", scenario).isGreaterThan(0);
            assertThat(observed)
                    .as("observed share of %s (expected %.4f)", scenario, p)
                    .isBetween(p - 5 * sigma, p + 5 * sigma);
        }
    }

    @Test
    void aCustomMixIsFollowedAndCategoriesSplitOverTheirCauses() throws Exception {
        ReadMix mix = ReadMix.parse("match=0.5, value_mismatch=0.35, replication_lag=0.15");
        assertThat(mix.share(Scenario.VALUE_MISMATCH_ENCODING)).isCloseTo(0.05, within());
        assertThat(mix.share(Scenario.READ_ERROR)).isZero();

        int requests = 20_000;
        Map<String, List<JsonNode>> byRequest =
                byRequest(generate(mix, Noise.none(), requests, 11));
        Map<Scenario, Integer> counted = new EnumMap<>(Scenario.class);
        byRequest
                .values()
                .forEach(events -> counted.merge(scenarioOf(events.get(0)), 1, Integer::sum));
        assertThat(counted.keySet())
                .containsExactlyInAnyOrder(
                        Scenario.MATCH,
                        Scenario.REPLICATION_LAG,
                        Scenario.VALUE_MISMATCH_TIMESTAMP_PRECISION,
                        Scenario.VALUE_MISMATCH_ENCODING,
                        Scenario.VALUE_MISMATCH_NUMERIC_PRECISION,
                        Scenario.VALUE_MISMATCH_TYPE,
                        Scenario.VALUE_MISMATCH_NULL_VS_EMPTY,
                        Scenario.VALUE_MISMATCH_ORDERING,
                        Scenario.VALUE_MISMATCH_OTHER);
        assertThat(counted.get(Scenario.MATCH) / (double) requests).isBetween(0.48, 0.52);
    }

    @Test
    void theLoggedAnswersDifferTheWayTheirScenarioSays() throws Exception {
        Map<String, List<JsonNode>> byRequest =
                byRequest(generate(ReadMix.defaults(), Noise.none(), 5_000, 3));
        Set<Scenario> checked = new HashSet<>();
        for (List<JsonNode> events : byRequest.values()) {
            Scenario scenario = scenarioOf(events.get(0));
            if (scenario == Scenario.UNPAIRED) {
                assertThat(events).hasSize(1);
                checked.add(scenario);
                continue;
            }
            assertThat(events).as("events of a %s request", scenario).hasSize(2);
            JsonNode old = sideOf(events, "old");
            JsonNode neu = sideOf(events, "new");
            assertAnswers(scenario, old, neu);
            checked.add(scenario);
        }
        assertThat(checked).containsExactlyInAnyOrder(Scenario.values());
    }

    @Test
    void noiseIsMixedIn() throws Exception {
        Noise noise = Noise.typical(WINDOW, OUT_OF_ORDERNESS);
        int requests = 20_000;
        ReadLogGenerator generator = generator(ReadMix.defaults(), noise, 5);
        List<ReadLogRecord> records = new ArrayList<>();
        generator.generate(requests, records::add);
        generator.finish(records::add);
        ReadLogTally tally = generator.tally();

        long maxSeen = 0;
        long outOfOrder = 0;
        long late = 0;
        long malformed = 0;
        long bothSides = 0;
        long isoTimes = 0;
        Set<Integer> partitions = new HashSet<>();
        long lateness = WINDOW.plus(OUT_OF_ORDERNESS).toMillis();
        for (ReadLogRecord record : records) {
            partitions.add(record.partition());
            JsonNode event = parseOrNull(record.value());
            if (event == null || !wellFormed(event)) {
                malformed++;
                continue;
            }
            long time = eventTime(event);
            isoTimes += event.get("event_time").isTextual() ? 1 : 0;
            bothSides += event.has("old") && !record.key().startsWith("closing-") ? 1 : 0;
            if (time < maxSeen - lateness) {
                late++;
            } else if (time < maxSeen) {
                assertThat(maxSeen - time)
                        .as("disorder of an event that is not late")
                        .isLessThanOrEqualTo(noise.maxDisorder().toMillis());
                outOfOrder++;
            }
            maxSeen = Math.max(maxSeen, time);
        }

        assertThat(partitions).hasSize(4);
        assertThat(malformed).isEqualTo(tally.malformedEvents()).isBetween(150L, 250L);
        assertThat(late).isEqualTo(tally.lateEvents());
        assertThat(tally.lateRequests()).isBetween(150L, 250L);
        assertThat(outOfOrder).isEqualTo(tally.outOfOrderEvents()).isGreaterThan(requests / 20);
        assertThat(bothSides).isEqualTo(tally.bothSidesEvents()).isBetween(6_000L, 7_400L);
        assertThat(isoTimes).isGreaterThan(records.size() / 3);
        assertThat(tally.events()).isEqualTo(records.size() - tally.closingRequests());
        assertThat(tally.pairs() + tally.lateRequests()).isEqualTo(requests);
    }

    @Test
    void closingRequestsComeAfterEveryPairAndBeforeTheLastLateEvents() throws Exception {
        Noise noise = Noise.typical(WINDOW, OUT_OF_ORDERNESS);
        List<ReadLogRecord> records = generate(ReadMix.defaults(), noise, 2_000, 9);
        int firstClosing = -1;
        long lastPairTime = Long.MIN_VALUE;
        long closingTime = Long.MIN_VALUE;
        Set<Integer> closingPartitions = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            ReadLogRecord record = records.get(i);
            if (record.key() != null && record.key().startsWith("closing-")) {
                firstClosing = firstClosing < 0 ? i : firstClosing;
                closingPartitions.add(record.partition());
                closingTime = eventTime(JSON.readTree(record.value()));
            } else if (firstClosing < 0 && record.key().startsWith("req-")) {
                lastPairTime = Math.max(lastPairTime, record.timestamp());
            }
        }
        assertThat(closingPartitions).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(closingTime)
                .isGreaterThan(lastPairTime + WINDOW.plus(OUT_OF_ORDERNESS).toMillis());
        for (ReadLogRecord record : records.subList(firstClosing + 4, records.size())) {
            assertThat(record.timestamp() + WINDOW.plus(OUT_OF_ORDERNESS).toMillis())
                    .as("event after the closing requests is late")
                    .isLessThan(closingTime);
        }
    }

    @Test
    void theSameSeedGivesTheSameLog() {
        List<ReadLogRecord> a =
                generate(ReadMix.defaults(), Noise.typical(WINDOW, OUT_OF_ORDERNESS), 500, 1);
        List<ReadLogRecord> b =
                generate(ReadMix.defaults(), Noise.typical(WINDOW, OUT_OF_ORDERNESS), 500, 1);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).value()).isEqualTo(b.get(i).value());
            assertThat(a.get(i).partition()).isEqualTo(b.get(i).partition());
        }
    }

    @Test
    void expectedCategoriesTellLagFromLossOnlyWhenConfirmed() {
        ReadLogGenerator generator = generator(ReadMix.parse("replication_lag=1"), Noise.none(), 2);
        generator.generate(1_000, r -> {});
        ReadLogTally tally = generator.tally();
        assertThat(tally.expectedCategories(true))
                .containsExactly(Map.entry("REPLICATION_LAG", 1_000L));
        Map<String, Long> unconfirmed = tally.expectedCategories(false);
        assertThat(unconfirmed.keySet())
                .containsExactlyInAnyOrder("MISSING_IN_NEW", "STALE_IN_NEW");
        assertThat(unconfirmed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000);
    }

    @Test
    void aBadMixIsRejectedWithTheFix() {
        assertThatThrownBy(() -> ReadMix.parse("match=0.9,nonsense=0.1"))
                .hasMessageContaining("'nonsense'")
                .hasMessageContaining("value_mismatch_encoding");
        assertThatThrownBy(() -> ReadMix.parse("match")).hasMessageContaining("name=weight");
        assertThatThrownBy(() -> ReadMix.parse("match=-1")).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> ReadMix.parse("value_mismatch=1,value_mismatch_type=1"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ReadMix.parse("match=0")).hasMessageContaining("no scenario");
    }

    private static void assertAnswers(Scenario scenario, JsonNode old, JsonNode neu) {
        String what = scenario + ": old " + old + " new " + neu;
        switch (scenario) {
            case MATCH -> assertThat(renamed(old)).as(what).isEqualTo(neu.get("payload"));
            case MISSING_IN_NEW -> {
                assertThat(old.get("found").asBoolean()).as(what).isTrue();
                assertThat(neu.get("found").asBoolean()).as(what).isFalse();
            }
            case UNEXPECTED_IN_NEW -> {
                assertThat(old.get("found").asBoolean()).as(what).isFalse();
                assertThat(neu.get("found").asBoolean()).as(what).isTrue();
            }
            case STALE_IN_NEW -> assertThat(version(neu)).as(what).isEqualTo(version(old) - 1);
            case AHEAD_IN_NEW -> assertThat(version(neu)).as(what).isEqualTo(version(old) + 1);
            case READ_ERROR -> assertThat(old.has("error") ^ neu.has("error")).as(what).isTrue();
            case REPLICATION_LAG ->
                    assertThat(!neu.get("found").asBoolean() || version(neu) == version(old) - 1)
                            .as(what)
                            .isTrue();
            default -> assertValueMismatch(scenario.cause().orElseThrow(), old, neu, what);
        }
    }

    private static void assertValueMismatch(
            Scenario.Cause cause, JsonNode old, JsonNode neu, String what) {
        assertThat(version(neu)).as(what).isEqualTo(version(old));
        JsonNode a = renamed(old);
        JsonNode b = neu.get("payload");
        List<String> differing = new ArrayList<>();
        a.fieldNames()
                .forEachRemaining(
                        f -> {
                            if (!a.get(f).equals(b.get(f))) {
                                differing.add(f);
                            }
                        });
        String field =
                switch (cause) {
                    case TIMESTAMP_PRECISION -> "updated_at";
                    case ENCODING, OTHER -> "name";
                    case NUMERIC_PRECISION -> "balance";
                    case TYPE -> "profile";
                    case NULL_VS_EMPTY -> "email";
                    case ORDERING -> "tags";
                };
        assertThat(differing).as(what).containsExactly(field);
        JsonNode x = a.get(field);
        JsonNode y = b.get(field);
        switch (cause) {
            case TIMESTAMP_PRECISION ->
                    assertThat(Instant.parse(x.asText()).toEpochMilli())
                            .isEqualTo(Instant.parse(y.asText()).toEpochMilli());
            case ENCODING ->
                    assertThat(Normalizer.normalize(y.asText(), Normalizer.Form.NFC))
                            .isEqualTo(x.asText());
            case NUMERIC_PRECISION ->
                    assertThat(x.decimalValue().subtract(y.decimalValue()).abs())
                            .isLessThan(new java.math.BigDecimal("0.01"));
            case TYPE -> {
                assertThat(x.get("size").isNumber()).isTrue();
                assertThat(y.get("size").asText()).isEqualTo(x.get("size").asText());
            }
            case NULL_VS_EMPTY -> assertThat(x.isNull()).isTrue();
            case ORDERING -> {
                assertThat(y.size()).isEqualTo(x.size()).isGreaterThan(1);
                assertThat(y.toString()).isNotEqualTo(x.toString());
            }
            case OTHER -> assertThat(y.asText()).isNotEqualTo(x.asText());
        }
        assertThat(y.equals(x)).isFalse();
    }

    private static JsonNode renamed(JsonNode oldSide) {
        var copy = JSON.createObjectNode();
        oldSide.get("payload")
                .fields()
                .forEachRemaining(
                        f ->
                                copy.set(
                                        f.getKey().equals("full_name") ? "name" : f.getKey(),
                                        f.getValue()));
        return copy;
    }

    private static long version(JsonNode side) {
        return side.get("version").asLong();
    }

    private static JsonNode sideOf(List<JsonNode> events, String side) {
        for (JsonNode event : events) {
            if (event.has(side)) {
                return event.get(side);
            }
            if (side.equals(event.path("side").asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + side + " side in " + events);
    }

    private static Scenario scenarioOf(JsonNode event) {
        long id = event.get("key").get("id").asLong();
        return Scenario.values()[(int) (id / 1_000_000L) - 1];
    }

    private static Map<String, List<JsonNode>> byRequest(List<ReadLogRecord> records)
            throws Exception {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (ReadLogRecord record : records) {
            if (record.key().startsWith("closing-")) {
                continue;
            }
            JsonNode event = JSON.readTree(record.value());
            out.computeIfAbsent(event.get("request_id").asText(), k -> new ArrayList<>())
                    .add(event);
        }
        return out;
    }

    private static JsonNode parseOrNull(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The read-log format's required fields, with their types. */
    private static boolean wellFormed(JsonNode e) {
        boolean header =
                e.path("request_id").isTextual()
                        && e.path("entity").isTextual()
                        && e.path("key").isObject()
                        && (e.path("event_time").isNumber() || e.path("event_time").isTextual());
        if (!header) {
            return false;
        }
        if (e.has("old")) {
            return e.get("old").path("found").isBoolean() && e.get("new").path("found").isBoolean();
        }
        String side = e.path("side").asText();
        return (side.equals("old") || side.equals("new")) && e.path("found").isBoolean();
    }

    private static long eventTime(JsonNode event) {
        JsonNode time = event.get("event_time");
        return time.isNumber() ? time.asLong() : Instant.parse(time.asText()).toEpochMilli();
    }

    private static List<ReadLogRecord> generate(ReadMix mix, Noise noise, int requests, long seed) {
        ReadLogGenerator generator = generator(mix, noise, seed);
        List<ReadLogRecord> out = new ArrayList<>();
        generator.generate(requests, out::add);
        generator.finish(out::add);
        return out;
    }

    private static ReadLogGenerator generator(ReadMix mix, Noise noise, long seed) {
        return new ReadLogGenerator(
                new ReadLogGenerator.Settings("customer", 4, mix, noise, 20, seed, START, 200));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
