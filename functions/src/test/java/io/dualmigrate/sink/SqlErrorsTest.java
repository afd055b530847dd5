package io.dualmigrate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "23505, true", // unique violation
        "23514, true", // check constraint
        "23502, true", // not null
        "22001, true", // value too long
        "22003, true", // numeric out of range
        "22P02, true", // invalid text representation
        "08006, false", // connection failure
        "57P01, false", // admin shutdown
        "40001, false", // serialization failure
        "55P03, false", // lock not available
        "57014, false", // statement timeout
        "25006, false", // read-only transaction (NEW failed over)
        "42501, false", // insufficient privilege
        "42P01, false", // NEW table gone
    })
    void onlyDataAndConstraintErrorsRejectTheRow(String state, boolean rejects) {
        assertThat(SqlErrors.rejectsRow(new SQLException("x", state))).isEqualTo(rejects);
    }

    @ParameterizedTest
    @CsvSource({"23514, true", "08006, false"})
    void theMostSpecificErrorOfABatchDecides(String state, boolean rejects) {
        BatchUpdateException batch = new BatchUpdateException("batch", null, new int[0]);
        batch.setNextException(new SQLException("row " + state, state));
        assertThat(SqlErrors.rejectsRow(batch)).isEqualTo(rejects);
        assertThat(SqlErrors.message(batch)).isEqualTo("row " + state);
    }

    @ParameterizedTest
    @CsvSource({"I/O error"})
    void anErrorWithoutStateIsNotTheRowsFault(String message) {
        assertThat(SqlErrors.rejectsRow(new SQLException(message))).isFalse();
    }
}
