package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangePlannerTest {

    private static List<String[]> keys(int from, int to) {
        List<String[]> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(new String[] {Integer.toString(i)});
        }
        return out;
    }

    @Test
    void theSampleIsCutAtItsQuantilesAndTheEndsAreOpen() {
        List<KeyRange> ranges = RangePlanner.plan(3, keys(1, 1000), 3);
        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(0).lower).isNull();
        assertThat(ranges.get(0).upper).containsExactly("334");
        assertThat(ranges.get(1).lower).containsExactly("334");
        assertThat(ranges.get(1).upper).containsExactly("667");
        assertThat(ranges.get(2).lower).containsExactly("667");
        assertThat(ranges.get(2).upper).isNull();
        assertThat(ranges).allSatisfy(r -> assertThat(r.table).isEqualTo(3));
        assertThat(ranges).extracting(r -> r.index).containsExactly(0, 1, 2);
    }

    @Test
    void adjacentRangesShareTheirBoundSoNoKeyFallsBetween() {
        List<KeyRange> ranges = RangePlanner.plan(0, keys(1, 5000), 17);
        assertThat(ranges).hasSize(17);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).lower).isEqualTo(ranges.get(i - 1).upper);
        }
    }

    @Test
    void aSmallSampleGivesFewerRangesNeverEmptyOnes() {
        List<KeyRange> ranges = RangePlanner.plan(0, keys(1, 3), 10);
        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(2).lower).containsExactly("3");
    }

    @Test
    void rangesWantedFollowTheRowCount() {
        assertThat(RangePlanner.rangesWanted(5_000_000, 20_000)).isEqualTo(250);
        assertThat(RangePlanner.rangesWanted(100, 20_000)).isEqualTo(1);
    }

    @Test
    void duplicateSampledKeysGiveNoEmptyRanges() {
        List<String[]> sample = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sample.add(new String[] {"a", "1"});
        }
        sample.add(new String[] {"b", "1"});
        List<KeyRange> ranges = RangePlanner.plan(0, sample, 5);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0).upper).containsExactly("a", "1");
        assertThat(ranges.get(1).lower).containsExactly("a", "1");
        assertThat(ranges.get(1).upper).isNull();
    }

    @Test
    void anEmptyTableIsOneUnboundedRange() {
        List<KeyRange> ranges = RangePlanner.plan(0, List.of(), 4);
        assertThat(ranges).hasSize(1);
        assertThat(ranges.get(0).lower).isNull();
        assertThat(ranges.get(0).upper).isNull();
    }

    @Test
    void theSamplePercentAimsAtTwentyPagesPerRange() {
        // 5M rows: 250 ranges, 5,000 pages wanted of at least 50,000.
        assertThat(RangePlanner.samplePercent(5_000_000, 20_000)).isEqualTo(10.0);
        assertThat(RangePlanner.samplePercent(1_000, 20_000)).isEqualTo(100.0);
        assertThat(RangePlanner.samplePercent(0, 20_000)).isEqualTo(100.0);
        assertThat(RangePlanner.samplePercent(10_000_000_000_000L, 100_000_000)).isEqualTo(0.01);
    }
}
