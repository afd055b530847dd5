package io.dualmigrate.parity;

import java.util.regex.Pattern;

/**
 * Which column types a checksum may hash as they are instead of as text: those whose equality is
 * exactly equality of their text under parity's session settings, so that hashing the value and
 * hashing its text tell apart the same rows.
 *
 * <p>Integers, text and character types, booleans, dates, timestamps (microseconds, printed in
 * UTC), times without zone, uuid and bytea qualify. Others do not: {@code numeric} (1.0 equals
 * 1.00), floats (0 equals -0), {@code interval} (1 day equals 24 hours), {@code jsonb}, {@code
 * timetz}, {@code citext}, arrays, domains and enums are hashed as text. Only columns of the same
 * type on both sides are hashed as values (a declared cast makes a table use row comparison
 * anyway).
 */
public final class HashedColumns {

    private static final Pattern EXACT =
            Pattern.compile(
                    "(smallint|integer|bigint|text|boolean|date|uuid|bytea"
                            + "|character varying(\\(\\d+\\))?|character(\\(\\d+\\))?"
                            + "|timestamp(\\(\\d\\))? with(out)? time zone"
                            + "|time(\\(\\d\\))? without time zone)");

    private HashedColumns() {}

    /**
     * Whether values of {@code type} (as {@code format_type} names it) can be hashed as they are.
     */
    public static boolean byValue(String type) {
        return type != null && EXACT.matcher(type).matches();
    }
}
