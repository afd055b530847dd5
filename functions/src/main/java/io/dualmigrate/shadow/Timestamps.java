package io.dualmigrate.shadow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Recognises ISO-8601 timestamps in payload strings and event times, and tells their precision.
 *
 * <p>Accepts {@code 2024-05-01T12:00:00.123456Z}, an offset ({@code +02:00}, {@code +02}), a space
 * instead of {@code T} (PostgreSQL's text form) and, in payloads, no offset at all (read as UTC). A
 * cheap shape check runs first, so ordinary strings cost almost nothing.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendOffset("+HH:mm", "Z")
                    .optionalEnd()
                    .toFormatter();

    private Timestamps() {}

    /** A parsed timestamp and the number of fractional digits it was written with. */
    public record Parsed(Instant instant, int fractionDigits, boolean hasOffset) {}

    /** The timestamp in {@code text}, or null when it is not one. */
    public static Parsed parse(String text) {
        if (text.length() < 19
                || text.length() > 40
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || (text.charAt(10) != 'T' && text.charAt(10) != ' ')
                || text.charAt(13) != ':') {
            return null;
        }
        try {
            TemporalAccessor t = FORMAT.parse(text);
            LocalDateTime local = LocalDateTime.from(t);
            boolean hasOffset = t.isSupported(ChronoField.OFFSET_SECONDS);
            ZoneOffset offset =
                    hasOffset
                            ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS))
                            : ZoneOffset.UTC;
            return new Parsed(local.toInstant(offset), fractionDigits(text), hasOffset);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int fractionDigits(String text) {
        int dot = text.indexOf('.', 19);
        if (dot < 0) {
            return 0;
        }
        int digits = 0;
        for (int i = dot + 1; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            digits++;
        }
        return digits;
    }

    /** Nanoseconds in one unit of the last written digit: 10^(9 - digits). */
    public static long unitNanos(int fractionDigits) {
        long unit = 1_000_000_000L;
        for (int i = 0; i < Math.min(fractionDigits, 9); i++) {
            unit /= 10;
        }
        return unit;
    }
}
