package io.dualmigrate.source;

import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.postgresql.PGStatement;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGmoney;
import org.postgresql.util.PGobject;

/**
 * Renders the Java objects that pgjdbc (snapshot reads) and Debezium's pgoutput decoder (change
 * stream) produce as PostgreSQL text literals that read back to the same value.
 *
 * <p>Plain Java; one instance per column type, chosen once when the converter is registered.
 */
final class PgText {

    private final String typeName;

    private PgText(String typeName) {
        this.typeName = typeName;
    }

    static PgText forType(String typeName) {
        return new PgText(typeName == null ? "" : typeName.toLowerCase(Locale.ROOT));
    }

    private boolean withTimeZone() {
        return typeName.equals("timestamptz") || typeName.equals("timestamp with time zone");
    }

    String format(Object raw) {
        if (raw instanceof String) {
            return (String) raw;
        }
        if (raw instanceof Boolean) {
            return ((Boolean) raw) ? "t" : "f";
        }
        if (raw instanceof BigDecimal) {
            return ((BigDecimal) raw).toPlainString();
        }
        if (raw instanceof SpecialValueDecimal) {
            SpecialValueDecimal d = (SpecialValueDecimal) raw;
            return d.getDecimalValue().map(BigDecimal::toPlainString).orElseGet(d::toString);
        }
        if (raw instanceof Double || raw instanceof Float) {
            return floating(((Number) raw).doubleValue(), raw instanceof Float);
        }
        if (raw instanceof Number) {
            return raw.toString();
        }
        if (raw instanceof byte[]) {
            return "\\x" + HexFormat.of().formatHex((byte[]) raw);
        }
        if (raw instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) raw).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (raw instanceof java.sql.Timestamp) {
            return timestamp((java.sql.Timestamp) raw);
        }
        if (raw instanceof java.sql.Date) {
            return date((java.sql.Date) raw);
        }
        if (raw instanceof java.sql.Time) {
            return raw.toString();
        }
        if (raw instanceof LocalDate) {
            return localDate((LocalDate) raw);
        }
        if (raw instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) raw;
            return localDate(t.toLocalDate()) + " " + t.toLocalTime();
        }
        if (raw instanceof OffsetDateTime) {
            OffsetDateTime t = ((OffsetDateTime) raw).withOffsetSameInstant(ZoneOffset.UTC);
            return localDate(t.toLocalDate()) + " " + t.toLocalTime() + "+00";
        }
        if (raw instanceof Instant) {
            OffsetDateTime t = ((Instant) raw).atOffset(ZoneOffset.UTC);
            return localDate(t.toLocalDate()) + " " + t.toLocalTime() + "+00";
        }
        if (raw instanceof LocalTime || raw instanceof OffsetTime) {
            return raw.toString();
        }
        if (raw instanceof PGInterval) {
            return interval((PGInterval) raw);
        }
        if (raw instanceof PGmoney) {
            return BigDecimal.valueOf(((PGmoney) raw).val).toPlainString();
        }
        if (raw instanceof PGobject) {
            return ((PGobject) raw).getValue();
        }
        if (raw instanceof java.sql.Array) {
            return raw.toString();
        }
        if (raw instanceof List) {
            return PgArrayText.render((List<?>) raw, this);
        }
        return raw.toString();
    }

    private static String floating(double value, boolean isFloat) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0.0 && 1.0 / value < 0) {
            return "-0";
        }
        return isFloat ? Float.toString((float) value) : Double.toString(value);
    }

    private String timestamp(java.sql.Timestamp ts) {
        if (ts.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
            return "infinity";
        }
        if (ts.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
            return "-infinity";
        }
        boolean utc = withTimeZone();
        Calendar cal =
                new GregorianCalendar(utc ? TimeZone.getTimeZone("UTC") : TimeZone.getDefault());
        cal.setTime(ts);
        String text =
                String.format(
                        Locale.ROOT,
                        "%04d-%02d-%02d %02d:%02d:%02d.%06d",
                        cal.get(Calendar.YEAR),
                        cal.get(Calendar.MONTH) + 1,
                        cal.get(Calendar.DAY_OF_MONTH),
                        cal.get(Calendar.HOUR_OF_DAY),
                        cal.get(Calendar.MINUTE),
                        cal.get(Calendar.SECOND),
                        ts.getNanos() / 1000);
        if (utc) {
            text += "+00";
        }
        return cal.get(Calendar.ERA) == GregorianCalendar.BC ? text + " BC" : text;
    }

    private static String date(java.sql.Date d) {
        if (d.getTime() == PGStatement.DATE_POSITIVE_INFINITY) {
            return "infinity";
        }
        if (d.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
            return "-infinity";
        }
        Calendar cal = new GregorianCalendar();
        cal.setTime(d);
        String text =
                String.format(
                        Locale.ROOT,
                        "%04d-%02d-%02d",
                        cal.get(Calendar.YEAR),
                        cal.get(Calendar.MONTH) + 1,
                        cal.get(Calendar.DAY_OF_MONTH));
        return cal.get(Calendar.ERA) == GregorianCalendar.BC ? text + " BC" : text;
    }

    private static String localDate(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        int year = d.getYear();
        if (year <= 0) {
            return String.format(
                    Locale.ROOT,
                    "%04d-%02d-%02d BC",
                    1 - year,
                    d.getMonthValue(),
                    d.getDayOfMonth());
        }
        return d.toString();
    }

    private static String interval(PGInterval i) {
        return String.format(
                        Locale.ROOT,
                        "%d years %d mons %d days %d hours %d mins %d.%06d secs",
                        i.getYears(),
                        i.getMonths(),
                        i.getDays(),
                        i.getHours(),
                        i.getMinutes(),
                        i.getWholeSeconds(),
                        Math.abs(i.getMicroSeconds()))
                .replace(" " + i.getWholeSeconds() + ".", signedSeconds(i));
    }

    private static String signedSeconds(PGInterval i) {
        boolean negative = i.getWholeSeconds() < 0 || i.getMicroSeconds() < 0;
        return " " + (negative ? "-" : "") + Math.abs(i.getWholeSeconds()) + ".";
    }
}
