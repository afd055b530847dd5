package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class TallyTest {

    @Test
    void parityIsExactlyOneHundredWithoutDrift() {
        Tally t = new Tally(0);
        t.rowsOld = 1000;
        t.transients = 5;
        assertThat(t.parityPercent()).isEqualTo(100.0);
    }

    @Test
    void parityCountsUnexpectedKeysAsKeysToo() {
        Tally t = new Tally(0);
        t.rowsOld = 98;
        t.confirmed(DriftKind.UNEXPECTED_IN_NEW).confirmed(DriftKind.UNEXPECTED_IN_NEW);
        t.confirmed(DriftKind.VALUE_MISMATCH);
        assertThat(t.drift()).isEqualTo(3);
        assertThat(t.parityPercent()).isEqualTo(97.0);
    }

    @Test
    void talliesAddUp() {
        Tally a = new Tally(1);
        a.rowsOld = 10;
        a.confirmed(DriftKind.MISSING_IN_NEW);
        Tally b = new Tally(1);
        b.rowsOld = 5;
        b.confirmed(DriftKind.STALE_IN_NEW);
        b.repaired = 1;
        a.add(b);
        assertThat(a.rowsOld).isEqualTo(15);
        assertThat(a.missingInNew).isEqualTo(1);
        assertThat(a.staleInNew).isEqualTo(1);
        assertThat(a.repaired).isEqualTo(1);
    }

    @Test
    void onlyDriftKindsCount() {
        assertThatThrownBy(() -> new Tally(0).confirmed(DriftKind.AHEAD_IN_NEW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRecordsBetweenOperatorsArePojosNotKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Tally.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(KeyRange.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Difference.class);
    }
}
