package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.EntityRules;
import io.dualmigrate.config.RereadQueries;
import io.dualmigrate.config.ShadowOptions.RedactionMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PairingFunctionTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final String A = "{\"name\":\"Ann\",\"email\":\"ann@example.com\"}";
    private static final String B = "{\"name\":\"Bob\",\"email\":\"ann@example.com\"}";

    private KeyedOneInputStreamOperatorTestHarness<String, ReadEvent, ShadowOutcome> harness;

    private static Comparison comparison(EntityRules... entities) {
        return new Comparison(
                java.util.Arrays.stream(entities).collect(Collectors.toMap(e -> e.name, e -> e)),
                Set.of("email"),
                RedactionMode.HASH,
                500);
    }

    private void open(Comparison comparison) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new PairingFunction(comparison, WINDOW)),
                        e -> e.requestId,
                        Types.STRING);
        harness.open();
    }

    @BeforeEach
    void setUp() throws Exception {
        open(comparison());
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(ReadEvent event) throws Exception {
        harness.processElement(event, event.eventTime);
    }

    private List<ShadowOutcome> outcomes() {
        return harness.extractOutputValues();
    }

    private List<DeadLetter> deadLetters() {
        var queue = harness.getSideOutput(PairingFunction.DEAD_LETTERS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }

    private void assertNoStateLeft() {
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void pairsOldThenNewAndClearsStateAndTimer() throws Exception {
        push(Events.side("r1", "old", 1_000, A));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        push(Events.side("r1", "new", 1_200, A));
        assertThat(outcomes())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.category).isEqualTo(Category.MATCH);
                            assertThat(o.requestId).isEqualTo("r1");
                            assertThat(o.eventTime).isEqualTo(1_000);
                        });
        assertNoStateLeft();
    }

    @Test
    void pairsNewThenOldWithTheEarlierEventTime() throws Exception {
        push(Events.side("r1", "new", 3_000, B));
        push(Events.side("r1", "old", 2_000, A));
        ShadowOutcome o = outcomes().get(0);
        assertThat(o.category).isEqualTo(Category.VALUE_MISMATCH);
        assertThat(o.confirmation).isEqualTo(Confirmation.UNCONFIRMED);
        assertThat(o.differences).containsExactly(new FieldDifference("name", Cause.OTHER));
        assertThat(o.eventTime).isEqualTo(2_000);
        assertNoStateLeft();
    }

    @Test
    void aSideAloneIsUnpairedOnceTheWatermarkPassesItsWindow() throws Exception {
        push(Events.side("r1", "old", 1_000, A));
        harness.processWatermark(5_999);
        assertThat(outcomes()).isEmpty();
        harness.processWatermark(6_000);
        assertThat(outcomes())
                .singleElement()
                .satisfies(
                        o -> {
                            assertThat(o.category).isEqualTo(Category.UNPAIRED);
                            assertThat(o.oldSample)
                                    .contains("Ann")
                                    .doesNotContain("ann@example.com");
                            assertThat(o.newSample).isNull();
                        });
        assertNoStateLeft();
    }

    @Test
    void anEventWhoseWindowClosedIsLateAndDeadLettered() throws Exception {
        harness.processWatermark(10_000);
        push(Events.side("r1", "old", 5_000, A));
        push(Events.side("r2", "new", 5_001, A));
        assertThat(outcomes()).isEmpty();
        assertThat(deadLetters()).extracting(d -> d.kind).containsExactly("late");
        assertThat(deadLetters().get(0).reason).contains("pairing window closed");
        assertThat(deadLetters().get(0).requestId).isEqualTo("r1");
        harness.processWatermark(10_002);
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.UNPAIRED);
        assertNoStateLeft();
    }

    @Test
    void aLateSideStillJoinsItsOpenPair() throws Exception {
        push(Events.side("r1", "old", 8_000, A));
        harness.processWatermark(12_000);
        push(Events.side("r1", "new", 1_000, A));
        assertThat(deadLetters()).isEmpty();
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.MATCH);
        assertThat(outcomes().get(0).eventTime).as("the in-time side's time").isEqualTo(8_000);
        assertNoStateLeft();
    }

    @Test
    void aSecondAnswerOfTheSameSideIsADuplicate() throws Exception {
        push(Events.side("r1", "old", 1_000, A));
        push(Events.side("r1", "old", 1_001, B));
        push(Events.side("r1", "new", 1_002, A));
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.kind).isEqualTo("duplicate");
                            assertThat(d.reason).contains("same side");
                        });
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.MATCH);
        assertNoStateLeft();
    }

    @Test
    void sidesThatDisagreeOnTheKeyAreNotPaired() throws Exception {
        push(Events.side("r1", "customer", "{\"id\":1}", "old", 1_000, A));
        push(Events.side("r1", "customer", "{\"id\":2}", "new", 1_000, A));
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly("entity or key differ from the other side of this request");
        harness.processWatermark(7_000);
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.UNPAIRED);
        assertNoStateLeft();
    }

    @Test
    void aCombinedEventIsClassifiedAtOnce() throws Exception {
        push(Events.both("r1", 1_000, A, A));
        push(Events.both("r2", 1_000, A, B));
        assertThat(outcomes())
                .extracting(o -> o.category)
                .containsExactly(Category.MATCH, Category.VALUE_MISMATCH);
        assertNoStateLeft();
    }

    @Test
    void differencesOfEntitiesWithRereadsWaitForConfirmation() throws Exception {
        harness.close();
        EntityRules withReread =
                new EntityRules(
                        "customer",
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        false,
                        Set.of("id"),
                        new RereadQueries(
                                "SELECT 1 WHERE 1 = :id", "SELECT 1 WHERE 1 = :id", "version"));
        open(comparison(withReread));
        push(Events.both("r1", 1_000, A, B));
        push(Events.side("r2", "old", 1_000, A));
        push(Events.side("r2", "new", 1_000, null));
        push(Events.both("r3", 1_000, A, A));
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.MATCH);
        List<PendingConfirmation> pending =
                harness.getSideOutput(PairingFunction.TO_CONFIRM).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(pending)
                .extracting(p -> p.outcome.category)
                .containsExactly(Category.VALUE_MISMATCH, Category.MISSING_IN_NEW);
        // The re-read gets the key in clear; the outcome only its redacted form.
        assertThat(pending.get(0).key).isEqualTo("{\"id\":1}");
        assertThat(pending.get(0).outcome.key).startsWith("{\"id\":\"sha256:");
        assertNoStateLeft();
    }

    @Test
    void anOpenPairSurvivesASnapshotAndRestore() throws Exception {
        push(Events.side("r1", "old", 1_000, A));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new PairingFunction(comparison(), WINDOW)),
                        e -> e.requestId,
                        Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        push(Events.side("r1", "new", 1_100, B));
        assertThat(outcomes()).extracting(o -> o.category).containsExactly(Category.VALUE_MISMATCH);
        assertNoStateLeft();
    }

    @Test
    void stateTypesAreFlinkPojos() {
        for (Class<?> type :
                List.of(
                        OpenPair.class,
                        SideRead.class,
                        ReadEvent.class,
                        ShadowOutcome.class,
                        PendingConfirmation.class,
                        DeadLetter.class,
                        SummaryRow.class,
                        FieldDifference.class)) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        }
    }

    /** The state of an open pair is its payload plus a small fixed overhead. */
    @Test
    void anOpenPairCostsLittleMoreThanItsPayload() throws Exception {
        ReadEvent event =
                Events.side(
                        "r1",
                        "customer",
                        "{\"id\":123456}",
                        "old",
                        1_000,
                        "{\"id\":123456,\"name\":\"Ann Example\",\"email\":\"ann@example.com\","
                                + "\"tier\":\"gold\",\"updated_at\":\"2024-05-01T12:00:00.123Z\"}");
        OpenPair pair = new OpenPair();
        pair.entity = event.entity;
        pair.key = event.key;
        pair.eventTime = event.eventTime;
        pair.deadline = event.eventTime + WINDOW.toMillis();
        pair.oldSide = event.oldSide;
        TypeSerializer<OpenPair> serializer =
                TypeInformation.of(OpenPair.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(pair, out);
        int payload = event.oldSide.payload.length();
        int overhead = out.length() - payload;
        System.out.printf(
                "state bytes per open pair: %d (payload %d, overhead %d)%n",
                out.length(), payload, overhead);
        assertThat(overhead).isLessThan(80);
    }
}
