package io.dualmigrate.demo.shadow;

import java.util.Optional;

/**
 * What the simulated application's shadow read of one request runs into: one per mismatch category
 * of DESIGN.md, and one per cause of {@code VALUE_MISMATCH}.
 *
 * <p>Each scenario says what OLD and NEW hold for the key (the rows the database mode writes) and
 * what the application logged as the two answers. They differ only for {@link #REPLICATION_LAG}:
 * NEW answered with an older row (or none) while a write was in flight, and both stores hold the
 * same row by the time the job re-reads the key.
 */
public enum Scenario {
    MATCH("MATCH", null),
    MISSING_IN_NEW("MISSING_IN_NEW", null),
    UNEXPECTED_IN_NEW("UNEXPECTED_IN_NEW", null),
    STALE_IN_NEW("STALE_IN_NEW", null),
    AHEAD_IN_NEW("AHEAD_IN_NEW", null),
    VALUE_MISMATCH_TIMESTAMP_PRECISION("VALUE_MISMATCH", Cause.TIMESTAMP_PRECISION),
    VALUE_MISMATCH_ENCODING("VALUE_MISMATCH", Cause.ENCODING),
    VALUE_MISMATCH_NUMERIC_PRECISION("VALUE_MISMATCH", Cause.NUMERIC_PRECISION),
    VALUE_MISMATCH_TYPE("VALUE_MISMATCH", Cause.TYPE),
    VALUE_MISMATCH_NULL_VS_EMPTY("VALUE_MISMATCH", Cause.NULL_VS_EMPTY),
    VALUE_MISMATCH_ORDERING("VALUE_MISMATCH", Cause.ORDERING),
    VALUE_MISMATCH_OTHER("VALUE_MISMATCH", Cause.OTHER),
    READ_ERROR("READ_ERROR", null),
    UNPAIRED("UNPAIRED", null),
    REPLICATION_LAG("REPLICATION_LAG", null);

    /** The causes of a {@code VALUE_MISMATCH} field, as DESIGN.md names them. */
    public enum Cause {
        TIMESTAMP_PRECISION,
        ENCODING,
        NUMERIC_PRECISION,
        TYPE,
        NULL_VS_EMPTY,
        ORDERING,
        OTHER
    }

    private final String category;
    private final Cause cause;

    Scenario(String category, Cause cause) {
        this.category = category;
        this.cause = cause;
    }

    /** The category the job must report for this scenario's pairs. */
    public String category() {
        return category;
    }

    /** The field cause of a value mismatch; empty for every other scenario. */
    public Optional<Cause> cause() {
        return Optional.ofNullable(cause);
    }

    /**
     * The category the job reports when it cannot confirm differences (no re-read): a lagging
     * answer then looks like what NEW returned, a missing or an older row.
     */
    public String unconfirmedCategory(boolean lagAnswerMissing) {
        if (this != REPLICATION_LAG) {
            return category;
        }
        return lagAnswerMissing ? MISSING_IN_NEW.category : STALE_IN_NEW.category;
    }

    /** OLD's row for the key; empty when OLD has none. */
    public Optional<Customer> oldRow(Customer current) {
        return switch (this) {
            case UNEXPECTED_IN_NEW -> Optional.empty();
            case VALUE_MISMATCH_NULL_VS_EMPTY -> Optional.of(current.withEmail(null));
            default -> Optional.of(current);
        };
    }

    /** NEW's row for the key; empty when NEW has none. */
    public Optional<Customer> newRow(Customer current) {
        Customer old = oldRow(current).orElse(current);
        return switch (this) {
            case MISSING_IN_NEW -> Optional.empty();
            case STALE_IN_NEW -> Optional.of(current.previous());
            case AHEAD_IN_NEW -> Optional.of(current.next());
            default -> Optional.of(cause == null ? old : old.differingBy(cause));
        };
    }

    /** NEW's answer as the application logged it; {@code lagAnswerMissing} picks the lag kind. */
    public Optional<Customer> loggedNew(Customer current, boolean lagAnswerMissing) {
        if (this == REPLICATION_LAG) {
            return lagAnswerMissing ? Optional.empty() : Optional.of(current.previous());
        }
        return newRow(current);
    }
}
