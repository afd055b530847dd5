package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.ShadowOptions.RedactionMode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * State bytes per open pair in RocksDB, the job's state backend: a full snapshot of many open pairs
 * (value, key and timer each) divided by their number.
 */
class OpenPairStateSizeTest {

    private static final int PAIRS = 2_000;
    private static final String PAYLOAD =
            "{\"id\":123456,\"name\":\"Ann Example\",\"email\":\"ann@example.com\","
                    + "\"tier\":\"gold\",\"updated_at\":\"2024-05-01T12:00:00.123Z\"}";

    @Test
    void anOpenPairCostsItsPayloadPlusAFewDozenBytes() throws Exception {
        Comparison comparison = new Comparison(Map.of(), Set.of(), RedactionMode.HASH, 100);
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, ReadEvent, ShadowOutcome>(
                        new KeyedProcessOperator<>(
                                new PairingFunction(comparison, Duration.ofSeconds(30))),
                        e -> e.requestId,
                        Types.STRING)) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend(false));
            harness.open();
            for (int i = 0; i < PAIRS; i++) {
                ReadEvent event =
                        Events.side(
                                "req-" + (100_000_000 + i),
                                "customer",
                                "{\"id\":" + i + "}",
                                "old",
                                1_000 + i,
                                PAYLOAD);
                harness.processElement(event, event.eventTime);
            }
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            long bytes = snapshot.getManagedKeyedState().getStateSize();
            double perPair = (double) bytes / PAIRS;
            int payload = ReadLogParser.canonical(Classifier.tree(PAYLOAD)).length();
            System.out.printf(
                    "RocksDB full snapshot: %d open pairs, %d bytes, %.1f bytes per open pair"
                            + " (payload %d bytes, request id 13 bytes)%n",
                    PAIRS, bytes, perPair, payload);
            assertThat(perPair).isBetween((double) payload, payload + 150.0);
        }
    }
}
