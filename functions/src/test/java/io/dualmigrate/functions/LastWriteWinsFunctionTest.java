package io.dualmigrate.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.source.ChangeEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LastWriteWinsFunctionTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private KeyedOneInputStreamOperatorTestHarness<String, ChangeEvent, ChangeEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LastWriteWinsFunction(TTL)),
                        ChangeEvent::partitionKey,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static ChangeEvent upsert(String key, long version, String value) {
        ChangeEvent e = new ChangeEvent();
        e.table = "public.t";
        e.key = key;
        e.version = version;
        e.columns = new String[] {"id", "v"};
        e.values = new String[] {key, value};
        return e;
    }

    private static ChangeEvent snapshot(String key, String value) {
        ChangeEvent e = upsert(key, 0, value);
        e.snapshot = true;
        return e;
    }

    private static ChangeEvent delete(String key, long version) {
        ChangeEvent e = upsert(key, version, null);
        e.delete = true;
        return e;
    }

    private void push(ChangeEvent... events) throws Exception {
        for (ChangeEvent e : events) {
            harness.processElement(new StreamRecord<>(e));
        }
    }

    private List<String> output() {
        return harness.extractOutputValues().stream()
                .map(e -> (e.delete ? "D" : "U") + e.key + "@" + e.version)
                .collect(Collectors.toList());
    }

    @Test
    void newerChangesPassInOrder() throws Exception {
        push(snapshot("1", "a"), upsert("1", 10, "b"), upsert("1", 20, "c"));
        assertThat(output()).containsExactly("U1@0", "U1@10", "U1@20");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aSnapshotRowArrivingAfterAStreamedChangeIsDroppedAsStale() throws Exception {
        push(upsert("1", 10, "streamed"), snapshot("1", "older snapshot"));
        assertThat(output()).containsExactly("U1@10");
    }

    @Test
    void outOfOrderAndDuplicateDeliveriesAreDropped() throws Exception {
        push(
                upsert("1", 30, "c"),
                upsert("1", 10, "a"),
                upsert("1", 30, "c again"),
                upsert("2", 5, "x"),
                upsert("1", 20, "b"),
                upsert("1", 40, "d"));
        assertThat(output()).containsExactly("U1@30", "U2@5", "U1@40");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void aTombstoneBlocksOlderWritesAndExpiresAfterItsTtl() throws Exception {
        harness.setProcessingTime(1_000);
        push(upsert("1", 10, "a"), delete("1", 20), upsert("1", 15, "late"));
        assertThat(output()).containsExactly("U1@10", "D1@20");
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setProcessingTime(1_000 + TTL.toMillis());
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aReinsertAfterADeleteWinsAndCancelsTheTombstoneTimer() throws Exception {
        harness.setProcessingTime(1_000);
        push(upsert("1", 10, "a"), delete("1", 20), upsert("1", 30, "again"));
        assertThat(output()).containsExactly("U1@10", "D1@20", "U1@30");
        assertThat(harness.numProcessingTimeTimers()).isZero();

        harness.setProcessingTime(1_000 + TTL.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("live rows stay").isEqualTo(1);
    }

    @Test
    void aDeleteAtTheSameVersionAsTheRowItRemovesWins() throws Exception {
        push(upsert("1", 7, "a"), delete("1", 7), upsert("1", 7, "replayed"));
        assertThat(output()).containsExactly("U1@7", "D1@7");
    }

    @Test
    void invalidEventsPassThroughWithoutTouchingState() throws Exception {
        ChangeEvent broken = upsert("1", 0, "x");
        broken.invalidReason = "unchanged TOASTed value";
        push(broken);
        assertThat(output()).containsExactly("U1@0");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        push(upsert("1", 10, "a"), delete("2", 5));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LastWriteWinsFunction(TTL)),
                        ChangeEvent::partitionKey,
                        Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        push(upsert("1", 10, "replayed"), upsert("2", 4, "older"), upsert("1", 11, "new"));
        assertThat(output()).containsExactly("U1@11");
        assertThat(harness.numProcessingTimeTimers()).as("tombstone timer restored").isEqualTo(1);
    }
}
