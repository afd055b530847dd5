package io.dualmigrate.state;

import static io.dualmigrate.state.VersionOrder.Verdict.APPLY;
import static io.dualmigrate.state.VersionOrder.Verdict.DUPLICATE;
import static io.dualmigrate.state.VersionOrder.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionOrderTest {

    @Test
    void anythingAppliesToAnUnknownKey() {
        assertThat(VersionOrder.compare(null, 0, false)).isEqualTo(APPLY);
        assertThat(VersionOrder.compare(null, 5, true)).isEqualTo(APPLY);
    }

    @Test
    void newerVersionsApplyOlderOnesAreStale() {
        KeyVersionState live = KeyVersionState.live(10);
        assertThat(VersionOrder.compare(live, 11, false)).isEqualTo(APPLY);
        assertThat(VersionOrder.compare(live, 11, true)).isEqualTo(APPLY);
        assertThat(VersionOrder.compare(live, 9, false)).isEqualTo(STALE);
        assertThat(VersionOrder.compare(live, 9, true)).isEqualTo(STALE);
    }

    @Test
    void sameVersionAndKindIsADuplicate() {
        assertThat(VersionOrder.compare(KeyVersionState.live(10), 10, false)).isEqualTo(DUPLICATE);
        assertThat(VersionOrder.compare(KeyVersionState.tombstone(10, 1), 10, true))
                .isEqualTo(DUPLICATE);
    }

    @Test
    void atEqualVersionsADeleteOutranksAnUpsert() {
        assertThat(VersionOrder.compare(KeyVersionState.live(10), 10, true)).isEqualTo(APPLY);
        assertThat(VersionOrder.compare(KeyVersionState.tombstone(10, 1), 10, false))
                .isEqualTo(STALE);
    }

    @Test
    void aTombstoneIsResurrectedOnlyByANewerWrite() {
        KeyVersionState tombstone = KeyVersionState.tombstone(20, 1);
        assertThat(VersionOrder.compare(tombstone, 19, false)).isEqualTo(STALE);
        assertThat(VersionOrder.compare(tombstone, 21, false)).isEqualTo(APPLY);
    }
}
