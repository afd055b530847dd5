package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckTest {

    private static final Verdict DIFFERS = new Verdict(DriftKind.VALUE_MISMATCH, List.of("a"));

    private static RowImage old(String... values) {
        return new RowImage(values, 1, null, false);
    }

    @Test
    void aDifferenceThatIsGoneIsTransient() {
        assertThat(
                        Recheck.decide(
                                new String[] {"1", "x"},
                                old("1", "x"),
                                Verdict.of(DriftKind.MATCH),
                                1,
                                3))
                .isEqualTo(Recheck.Outcome.TRANSIENT);
    }

    @Test
    void aWriteInFlightIsTransient() {
        assertThat(Recheck.decide(null, old("1", "x"), Verdict.of(DriftKind.AHEAD_IN_NEW), 1, 3))
                .isEqualTo(Recheck.Outcome.TRANSIENT);
    }

    @Test
    void aDifferenceWhileOldStoodStillIsConfirmed() {
        assertThat(Recheck.decide(new String[] {"1", "x"}, old("1", "x"), DIFFERS, 1, 3))
                .isEqualTo(Recheck.Outcome.CONFIRMED);
        assertThat(Recheck.decide(null, null, Verdict.of(DriftKind.UNEXPECTED_IN_NEW), 1, 3))
                .isEqualTo(Recheck.Outcome.CONFIRMED);
    }

    @Test
    void aKeyWrittenMeanwhileIsReadAgainThenGivenUpAsTransient() {
        assertThat(Recheck.decide(new String[] {"1", "x"}, old("1", "y"), DIFFERS, 1, 3))
                .isEqualTo(Recheck.Outcome.AGAIN);
        assertThat(Recheck.decide(null, old("1", "y"), DIFFERS, 2, 3))
                .isEqualTo(Recheck.Outcome.AGAIN);
        assertThat(Recheck.decide(new String[] {"1", "x"}, old("1", "y"), DIFFERS, 3, 3))
                .isEqualTo(Recheck.Outcome.TRANSIENT);
    }
}
