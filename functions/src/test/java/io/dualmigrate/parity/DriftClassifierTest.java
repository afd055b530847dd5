package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriftClassifierTest {

    private static final List<String> COLUMNS = List.of("id", "name", "note");
    private final DriftClassifier lsn = new DriftClassifier(COLUMNS, false);
    private final DriftClassifier column = new DriftClassifier(COLUMNS, true);

    private static RowImage row(Long version, boolean deleted, String... values) {
        return new RowImage(values, 1, version, deleted);
    }

    @Test
    void absentOrDeletedOnBothSidesMatches() {
        assertThat(lsn.classify(null, null).kind()).isEqualTo(DriftKind.MATCH);
        assertThat(lsn.classify(null, row(5L, true, "1", null, null)).kind())
                .isEqualTo(DriftKind.MATCH);
    }

    @Test
    void liveInNewOnlyIsUnexpected() {
        assertThat(lsn.classify(null, row(5L, false, "1", "a", null)).kind())
                .isEqualTo(DriftKind.UNEXPECTED_IN_NEW);
    }

    @Test
    void absentOrTombstonedInNewIsMissing() {
        RowImage old = row(null, false, "1", "a", null);
        assertThat(lsn.classify(old, null).kind()).isEqualTo(DriftKind.MISSING_IN_NEW);
        assertThat(lsn.classify(old, row(9L, true, "1", "a", null)).kind())
                .isEqualTo(DriftKind.MISSING_IN_NEW);
    }

    @Test
    void nullAndEmptyDifferAndTheFieldsAreNamed() {
        Verdict v = lsn.classify(row(null, false, "1", "a", null), row(3L, false, "1", "b", ""));
        assertThat(v.kind()).isEqualTo(DriftKind.VALUE_MISMATCH);
        assertThat(v.fields()).containsExactly("name", "note");
    }

    @Test
    void equalValuesMatchWhateverTheVersions() {
        assertThat(
                        column.classify(
                                        row(7L, false, "1", "a", null),
                                        row(3L, false, "1", "a", null))
                                .kind())
                .isEqualTo(DriftKind.MATCH);
    }

    @Test
    void inColumnModeVersionsTellStaleFromAhead() {
        RowImage old = row(7L, false, "1", "a", null);
        assertThat(column.classify(old, row(6L, false, "1", "b", null)).kind())
                .isEqualTo(DriftKind.STALE_IN_NEW);
        assertThat(column.classify(old, row(8L, false, "1", "b", null)).kind())
                .isEqualTo(DriftKind.AHEAD_IN_NEW);
        assertThat(column.classify(old, row(7L, false, "1", "b", null)).kind())
                .isEqualTo(DriftKind.VALUE_MISMATCH);
    }

    @Test
    void inColumnModeATombstoneAtLeastAsNewIsADeleteInFlight() {
        RowImage old = row(7L, false, "1", "a", null);
        assertThat(column.classify(old, row(7L, true, "1", "a", null)).kind())
                .isEqualTo(DriftKind.AHEAD_IN_NEW);
        assertThat(column.classify(old, row(6L, true, "1", "a", null)).kind())
                .isEqualTo(DriftKind.MISSING_IN_NEW);
    }

    @Test
    void inLsnModeVersionsAreIgnored() {
        assertThat(
                        lsn.classify(row(7L, false, "1", "a", null), row(8L, false, "1", "b", null))
                                .kind())
                .isEqualTo(DriftKind.VALUE_MISMATCH);
    }
}
