package io.dualmigrate.source;

import static io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_INSTANT;
import static io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE;
import static io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME;
import static io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_INSTANT;
import static io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE;
import static io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME;

import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.postgresql.util.HStoreConverter;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * Renders the Java objects that pgjdbc (snapshot reads) and Debezium's pgoutput decoder (change
 * stream) produce as PostgreSQL text literals that read back to the same value.
 *
 * <p>Snapshot reads deliver the text of every lossy type already ({@link ReplicationDialect}), so
 * the date and time objects here come from the decoder, which parses the server's text into {@code
 * java.time} values without a time zone of its own: {@code timestamp} as an {@link Instant} holding
 * the local date and time at UTC, {@code timestamptz} and {@code timetz} at UTC. They are rendered
 * from their fields and offsets, never through the JVM's default time zone. Arrays arrive on both
 * paths as pgjdbc arrays holding the server's text, which is kept.
 */
final class PgText {

    private static final DateTimeFormatter TIME =
            new DateTimeFormatterBuilder()
                    .appendPattern("HH:mm:ss")
                    .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
                    .toFormatter(Locale.ROOT);

    private PgText() {}

    static String format(Object raw) {
        if (raw instanceof String text) {
            return text;
        }
        if (raw instanceof Boolean bool) {
            return bool ? "t" : "f";
        }
        if (raw instanceof Double || raw instanceof Float) {
            return floating((Number) raw);
        }
        if (raw instanceof SpecialValueDecimal decimal) {
            return decimal(decimal);
        }
        if (raw instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (raw instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (raw instanceof LocalDate date) {
            return date(date);
        }
        if (raw instanceof Instant instant) {
            return timestamp(instant);
        }
        if (raw instanceof OffsetDateTime timestamp) {
            return timestamptz(timestamp);
        }
        if (raw instanceof OffsetTime time) {
            return TIME.format(time) + offset(time.getOffset());
        }
        if (raw instanceof PGInterval interval) {
            return interval(interval);
        }
        if (raw instanceof PGobject object) {
            return object.getValue();
        }
        if (raw instanceof Map<?, ?> hstore) {
            return HStoreConverter.toString(hstore);
        }
        return raw.toString();
    }

    /**
     * A float4, a float8, a money value (the decoder's double) or an infinite or NaN numeric
     * (pgjdbc's double): plain decimal digits read back exactly as any of these types.
     */
    private static String floating(Number number) {
        double value = number.doubleValue();
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0 && 1 / value < 0) {
            return "-0";
        }
        return new BigDecimal(number.toString()).toPlainString();
    }

    private static String decimal(SpecialValueDecimal decimal) {
        return decimal.getDecimalValue()
                .map(BigDecimal::toPlainString)
                .orElseGet(() -> floating(decimal.toDouble()));
    }

    private static String date(LocalDate date) {
        if (date.equals(POSITIVE_INFINITY_LOCAL_DATE)) {
            return "infinity";
        }
        if (date.equals(NEGATIVE_INFINITY_LOCAL_DATE)) {
            return "-infinity";
        }
        return withEra(date, "");
    }

    /**
     * The decoder's {@code timestamp}: the local date and time as if at UTC. (A timestamp of
     * exactly 294247-01-10 04:00:25.2 is the decoder's infinity and cannot be told apart.)
     */
    private static String timestamp(Instant instant) {
        if (instant.equals(POSITIVE_INFINITY_INSTANT)) {
            return "infinity";
        }
        if (instant.equals(NEGATIVE_INFINITY_INSTANT)) {
            return "-infinity";
        }
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return withEra(local.toLocalDate(), " " + TIME.format(local.toLocalTime()));
    }

    private static String timestamptz(OffsetDateTime timestamp) {
        if (timestamp.equals(POSITIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "infinity";
        }
        if (timestamp.equals(NEGATIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "-infinity";
        }
        String time = TIME.format(timestamp) + offset(timestamp.getOffset());
        return withEra(timestamp.toLocalDate(), " " + time);
    }

    /** {@code yyyy-mm-dd}, then {@code rest}, then PostgreSQL's era suffix for years BC. */
    private static String withEra(LocalDate date, String rest) {
        int year = date.getYear();
        String text =
                String.format(
                        Locale.ROOT,
                        "%04d-%02d-%02d",
                        year > 0 ? year : 1 - year,
                        date.getMonthValue(),
                        date.getDayOfMonth());
        return text + rest + (year > 0 ? "" : " BC");
    }

    /** {@code +hh:mm}, with {@code :ss} when the offset has seconds (local mean times). */
    private static String offset(ZoneOffset offset) {
        int total = Math.abs(offset.getTotalSeconds());
        String text =
                String.format(
                        Locale.ROOT,
                        "%s%02d:%02d",
                        offset.getTotalSeconds() < 0 ? "-" : "+",
                        total / 3600,
                        total / 60 % 60);
        return total % 60 == 0 ? text : text + String.format(Locale.ROOT, ":%02d", total % 60);
    }

    /** Each field with its own sign, seconds with exact microseconds. */
    private static String interval(PGInterval interval) {
        BigDecimal seconds =
                BigDecimal.valueOf(interval.getWholeSeconds())
                        .add(BigDecimal.valueOf(interval.getMicroSeconds(), 6));
        return String.format(
                Locale.ROOT,
                "%d years %d mons %d days %d hours %d mins %s secs",
                interval.getYears(),
                interval.getMonths(),
                interval.getDays(),
                interval.getHours(),
                interval.getMinutes(),
                seconds.toPlainString());
    }
}
