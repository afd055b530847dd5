package io.dualmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagTrackerTest {

    private static final long MS = 1_000_000;

    @Test
    void noTransactionsMeansNoLag() {
        assertThat(new LagTracker(100).lagMillis(0, 5_000 * MS)).isZero();
    }

    @Test
    void lagIsTheAgeOfTheOldestTransactionNotYetInNew() {
        LagTracker lag = new LagTracker(100);
        lag.committed(1_000 * MS, 200);
        lag.committed(2_000 * MS, 300);
        lag.committed(3_000 * MS, 400);

        assertThat(lag.lagMillis(50, 3_500 * MS)).as("nothing applied").isEqualTo(2_500);
        // A version past 100 belongs to the first transaction (its changes start after 100).
        assertThat(lag.lagMillis(150, 3_500 * MS)).isEqualTo(1_500);
        assertThat(lag.lagMillis(250, 4_000 * MS)).isEqualTo(1_000);
        assertThat(lag.lagMillis(201, 4_500 * MS)).as("an older version").isEqualTo(1_500);
        assertThat(lag.lagMillis(350, 4_500 * MS)).as("inside the last one").isZero();
    }

    @Test
    void caughtUpOnceTheLastTransactionIsApplied() {
        LagTracker lag = new LagTracker(100);
        lag.committed(1_000 * MS, 200);
        lag.committed(2_000 * MS, 300);

        assertThat(lag.lagMillis(250, 2_100 * MS)).isZero();
    }

    @Test
    void versionsBeforeTheBaselineDoNotCount() {
        LagTracker lag = new LagTracker(100);
        lag.committed(1_000 * MS, 200);

        assertThat(lag.lagMillis(90, 1_200 * MS)).isEqualTo(200);
        assertThat(lag.lagMillis(100, 1_200 * MS)).isEqualTo(200);
    }
}
