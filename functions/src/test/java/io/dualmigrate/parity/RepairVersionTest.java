package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.state.KeyVersionState;
import io.dualmigrate.state.VersionOrder;
import org.junit.jupiter.api.Test;

class RepairVersionTest {

    private static RowImage row(Long version, boolean deleted) {
        return new RowImage(new String[] {"1"}, 1, version, deleted);
    }

    @Test
    void inColumnModeTheRepairCarriesOldsVersion() {
        assertThat(RepairVersion.upsert(true, row(12L, false), row(7L, false))).isEqualTo(12);
    }

    @Test
    void inLsnModeTheRepairIsOrderedJustAfterNew() {
        assertThat(RepairVersion.upsert(false, row(null, false), row(700L, false))).isEqualTo(701);
        assertThat(RepairVersion.upsert(false, row(null, false), null)).isEqualTo(1);
        assertThat(RepairVersion.upsert(false, row(null, false), row(null, false))).isEqualTo(1);
    }

    @Test
    void theRepairPassesTheGuardAndAnyLaterChangeStillWins() {
        KeyVersionState inNew = new KeyVersionState(700L, false, 0L);
        long repair = RepairVersion.upsert(false, row(null, false), row(700L, false));
        assertThat(VersionOrder.compare(inNew, repair, false))
                .isEqualTo(VersionOrder.Verdict.APPLY);
        assertThat(VersionOrder.compare(new KeyVersionState(repair, false, 0L), 702, false))
                .isEqualTo(VersionOrder.Verdict.APPLY);
    }

    @Test
    void aTombstoneRepairWinsAtNewsOwnVersion() {
        long version = RepairVersion.tombstone(row(700L, false));
        assertThat(version).isEqualTo(700);
        assertThat(VersionOrder.compare(new KeyVersionState(700L, false, 0L), version, true))
                .isEqualTo(VersionOrder.Verdict.APPLY);
        assertThat(RepairVersion.tombstone(row(null, false))).isZero();
    }
}
