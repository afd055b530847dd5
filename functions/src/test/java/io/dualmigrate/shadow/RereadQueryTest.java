package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RereadQueryTest {

    @Test
    void namedParametersBecomePlaceholdersInOrderAndCastsStay() {
        RereadQuery q =
                RereadQuery.parse(
                        "SELECT id, total::text AS total FROM orders"
                                + " WHERE shop = :shop AND id = :id AND created > '2024-01-01 10:00'");
        assertThat(q.sql)
                .isEqualTo(
                        "SELECT id, total::text AS total FROM orders"
                                + " WHERE shop = ? AND id = ? AND created > '2024-01-01 10:00'");
        assertThat(q.parameters).containsExactly("shop", "id");
    }

    @Test
    void confirmationTurnsAVanishedDifferenceIntoLagAndKeepsAPersistingOne() {
        ShadowOutcome seen = new ShadowOutcome();
        seen.category = Category.STALE_IN_NEW;
        seen.initialCategory = Category.STALE_IN_NEW;
        seen.confirmation = Confirmation.NONE;
        seen.differences = new FieldDifference[0];

        ShadowOutcome lag = RereadFunction.confirmed(seen, Classification.of(Category.MATCH));
        assertThat(lag.category).isEqualTo(Category.REPLICATION_LAG);
        assertThat(lag.initialCategory).isEqualTo(Category.STALE_IN_NEW);
        assertThat(lag.confirmation).isEqualTo(Confirmation.TRANSIENT);

        ShadowOutcome kept =
                RereadFunction.confirmed(
                        seen,
                        new Classification(
                                Category.VALUE_MISMATCH,
                                java.util.List.of(new FieldDifference("name", Cause.OTHER))));
        assertThat(kept.category).isEqualTo(Category.VALUE_MISMATCH);
        assertThat(kept.confirmation).isEqualTo(Confirmation.CONFIRMED);
        assertThat(kept.differences).containsExactly(new FieldDifference("name", Cause.OTHER));

        ShadowOutcome failed = RereadFunction.failed(seen);
        assertThat(failed.category).isEqualTo(Category.STALE_IN_NEW);
        assertThat(failed.confirmation).isEqualTo(Confirmation.REREAD_FAILED);
        assertThat(seen.confirmation)
                .as("the seen outcome is not changed")
                .isEqualTo(Confirmation.NONE);
    }
}
