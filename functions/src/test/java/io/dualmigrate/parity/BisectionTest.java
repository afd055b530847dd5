package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BisectionTest {

    @Test
    void equalSummariesNeedNothingMore() {
        assertThat(Bisection.next(new RangeSummary(5000, "42"), new RangeSummary(5000, "42"), 100))
                .isEqualTo(Bisection.Step.SAME);
    }

    @Test
    void aDifferingChecksumAtEqualCountsIsSplitWhileLarge() {
        assertThat(Bisection.next(new RangeSummary(5000, "42"), new RangeSummary(5000, "43"), 100))
                .isEqualTo(Bisection.Step.SPLIT);
    }

    @Test
    void aSmallDifferingRangeIsComparedRowByRow() {
        assertThat(Bisection.next(new RangeSummary(100, "1"), new RangeSummary(99, "1"), 100))
                .isEqualTo(Bisection.Step.COMPARE_ROWS);
        assertThat(Bisection.next(new RangeSummary(0, "0"), new RangeSummary(100, "9"), 100))
                .isEqualTo(Bisection.Step.COMPARE_ROWS);
        assertThat(Bisection.next(new RangeSummary(0, "0"), new RangeSummary(101, "9"), 100))
                .isEqualTo(Bisection.Step.SPLIT);
    }

    @Test
    void theSplitStepCutsIntoAtMostFactorParts() {
        assertThat(Bisection.splitStep(1600, 16)).isEqualTo(100);
        assertThat(Bisection.splitStep(1601, 16)).isEqualTo(101);
        assertThat(Bisection.splitStep(3, 16)).isEqualTo(1);
    }

    @Test
    void splitPartsCoverTheRangeWithoutGapsOrEmptyParts() {
        KeyRange range = new KeyRange(1, 7, new String[] {"10"}, new String[] {"90"});
        List<KeyRange> parts =
                range.splitAt(
                        List.of(new String[] {"10"}, new String[] {"30"}, new String[] {"60"}));
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).lower).containsExactly("10");
        assertThat(parts.get(0).upper).containsExactly("30");
        assertThat(parts.get(1).upper).containsExactly("60");
        assertThat(parts.get(2).lower).containsExactly("60");
        assertThat(parts.get(2).upper).containsExactly("90");
        assertThat(parts).allSatisfy(p -> assertThat(p.table).isEqualTo(1));
    }

    @Test
    void anUnboundedRangeStaysUnboundedAtItsEnds() {
        List<KeyRange> parts =
                new KeyRange(0, 0, null, null).splitAt(List.<String[]>of(new String[] {"5"}));
        assertThat(parts.get(0).lower).isNull();
        assertThat(parts.get(1).upper).isNull();
    }
}
