package io.dualmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the demo end to end: embedded PostgreSQL, local Flink cluster, simulated application. */
class DemoITCase {

    @Test
    void everyTableConvergesAndNothingIsLeftBehind() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        Demo.Result result;
        try (Demo demo = new Demo(Duration.ofSeconds(15), 100, out)) {
            result = demo.run(new StopSignal());
        }
        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        assertThat(result.appChanges()).as("the application wrote to OLD").isGreaterThan(500);
        assertThat(result.tables())
                .extracting(ConvergenceCheck.TableResult::table)
                .containsExactly("customers", "orders", "order_lines");
        assertThat(result.tables())
                .allSatisfy(
                        t ->
                                assertThat(t.neu())
                                        .as("NEW live rows of " + t.table())
                                        .isEqualTo(t.old()));
        assertThat(result.converged()).isTrue();
        assertThat(result.slotsLeft()).as("replication slots left on OLD").isZero();
        assertThat(result.folders()).hasSize(2).noneMatch(Files::exists);
        ShadowDemo.Result shadow = result.shadow();
        assertThat(shadow.expected())
                .as("the simulated reads hold every category")
                .containsOnlyKeys(
                        "MATCH",
                        "MISSING_IN_NEW",
                        "UNEXPECTED_IN_NEW",
                        "STALE_IN_NEW",
                        "AHEAD_IN_NEW",
                        "VALUE_MISMATCH",
                        "READ_ERROR",
                        "UNPAIRED",
                        "REPLICATION_LAG");
        assertThat(shadow.byCategory())
                .as("pairs per category reported by the shadow-read job")
                .isEqualTo(shadow.expected());
        assertThat(shadow.causes())
                .as("value-mismatch fields per cause")
                .isEqualTo(shadow.expectedCauses())
                .containsOnlyKeys(
                        "TIMESTAMP_PRECISION",
                        "ENCODING",
                        "NUMERIC_PRECISION",
                        "TYPE",
                        "NULL_VS_EMPTY",
                        "ORDERING",
                        "OTHER");
        assertThat(shadow.late()).isEqualTo(shadow.lateExpected()).isPositive();
        assertThat(shadow.malformed()).isEqualTo(shadow.malformedExpected()).isPositive();
        long lag = shadow.expected().get("REPLICATION_LAG");
        long pairs =
                shadow.expected().values().stream().mapToLong(Long::longValue).sum()
                        - shadow.expected().get("UNPAIRED");
        assertThat(shadow.matchRate())
                .isCloseTo(
                        shadow.expected().get("MATCH") / (double) (pairs - lag),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.shadowAsExpected()).isTrue();
        assertThat(printed)
                .contains("match rate ")
                .contains("Kafka stopped")
                .doesNotContain("DIFFERS")
                .contains("Flink web UI: http://127.0.0.1:")
                .contains("lag ")
                .contains("Convergence check")
                .contains("Parity: no confirmed drift.")
                .containsPattern("public\\.customers +CHECKSUM .* 100\\.000 %")
                .containsPattern("public\\.orders +CHECKSUM .* 100\\.000 %")
                .containsPattern("public\\.order_lines +CHECKSUM .* 100\\.000 %")
                .doesNotContain("DIFF")
                .doesNotContain("Could not");
    }

    @Test
    void aStopRequestEndsTheRunEarlyAndStillCleansUp() throws Exception {
        StopSignal stop = new StopSignal();
        stop.request();
        Demo.Result result;
        try (Demo demo =
                new Demo(
                        Duration.ofMinutes(10),
                        50,
                        new PrintStream(PrintStream.nullOutputStream()))) {
            result = demo.run(stop);
        }
        assertThat(result.converged()).isTrue();
        assertThat(result.slotsLeft()).isZero();
        assertThat(result.folders()).hasSize(2).noneMatch(Files::exists);
    }
}
