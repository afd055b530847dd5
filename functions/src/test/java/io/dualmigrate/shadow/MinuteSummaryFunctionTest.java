package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MinuteSummaryFunctionTest {

    private static ShadowOutcome outcome(String entity, long time, Category category) {
        ShadowOutcome o = new ShadowOutcome();
        o.entity = entity;
        o.eventTime = time;
        o.category = category;
        return o;
    }

    @Test
    void emitsAMinuteOnceNoOutcomeCanArriveForItAndForgetsIt() throws Exception {
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<String, ShadowOutcome, SummaryRow>(
                        new KeyedProcessOperator<>(
                                new MinuteSummaryFunction(Duration.ofSeconds(5))),
                        o -> o.entity,
                        Types.STRING)) {
            harness.open();
            long minute = 120_000;
            for (Category c :
                    List.of(
                            Category.MATCH,
                            Category.MATCH,
                            Category.MATCH,
                            Category.VALUE_MISMATCH,
                            Category.REPLICATION_LAG,
                            Category.UNPAIRED)) {
                harness.processElement(outcome("customer", minute + 1_000, c), minute + 1_000);
            }
            harness.processElement(outcome("customer", minute + 61_000, Category.MATCH), 0);
            harness.processElement(outcome("order", minute + 2_000, Category.READ_ERROR), 0);
            // One map of open minutes per entity.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            assertThat(harness.numEventTimeTimers()).isEqualTo(3);

            harness.processWatermark(minute + 64_999);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processWatermark(minute + 65_000);
            List<SummaryRow> rows = harness.extractOutputValues();
            assertThat(rows)
                    .extracting(r -> r.entity + " " + r.category + " " + r.count)
                    .containsExactlyInAnyOrder(
                            "customer MATCH 3",
                            "customer VALUE_MISMATCH 1",
                            "customer REPLICATION_LAG 1",
                            "customer UNPAIRED 1",
                            "order READ_ERROR 1");
            SummaryRow customer =
                    rows.stream().filter(r -> r.entity.equals("customer")).findFirst().get();
            assertThat(customer.windowStart).isEqualTo(minute);
            assertThat(customer.pairs).isEqualTo(5);
            assertThat(customer.matches).isEqualTo(3);
            assertThat(customer.replicationLag).isEqualTo(1);
            assertThat(customer.mismatches).isEqualTo(1);
            assertThat(customer.matchRate).isEqualTo(0.75);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

            harness.processWatermark(minute + 125_000);
            assertThat(harness.extractOutputValues()).hasSize(6);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }
}
