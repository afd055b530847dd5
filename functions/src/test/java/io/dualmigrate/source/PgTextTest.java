package io.dualmigrate.source;

import static io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_INSTANT;
import static io.debezium.connector.postgresql.PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME;
import static io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_INSTANT;
import static io.debezium.connector.postgresql.PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.postgresql.connection.wal2json.DateTimeFormat;
import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.jdbc.PgArray;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * The text {@link PgText} renders for each Java class the snapshot (pgjdbc) and the change stream
 * (Debezium's pgoutput decoder) deliver. Date and time values are produced by the decoder's own
 * parser from the server's text and checked in several JVM default time zones.
 */
class PgTextTest {

    /** Zones with half-hour and 14-hour offsets, daylight saving time and seconds in LMT. */
    private static final String[] ZONES = {
        "UTC", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"
    };

    @Test
    void textLikeValuesPassVerbatim() throws Exception {
        String text = "e\u0301 \uD83C\uDF89 tab\tnl\nctl\u0001 'q' \"dq\" back\\slash";
        assertThat(PgText.format(text)).isEqualTo(text);
        assertThat(PgText.format("")).isEmpty();
        String json = "{\"a\" : 1,  \"a\": 2}\n";
        assertThat(PgText.format(pgObject("json", json))).isEqualTo(json);
    }

    @Test
    void booleansIntegersAndUuids() {
        assertThat(PgText.format(true)).isEqualTo("t");
        assertThat(PgText.format(false)).isEqualTo("f");
        assertThat(PgText.format(-32768)).isEqualTo("-32768");
        assertThat(PgText.format(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(PgText.format(uuid)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    @Test
    void floatingPointSpecialValues() {
        assertThat(PgText.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PgText.format(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PgText.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PgText.format(-0.0)).isEqualTo("-0");
        assertThat(PgText.format(Float.NaN)).isEqualTo("NaN");
        assertThat(PgText.format(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PgText.format(-0.0f)).isEqualTo("-0");
        assertThat(PgText.format(0.0)).isEqualTo("0.0");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.30000000000000004, 1e-310, 4.9e-324, 1.7976931348623157e308})
    void doublesAsPlainDigitsThatReadBackExactly(double value) {
        String text = PgText.format(value);
        assertThat(text).doesNotContainIgnoringCase("e");
        assertThat(Double.parseDouble(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(floats = {0.1f, 1.4e-45f, 1.17549435e-38f, 3.4028235e38f})
    void floatsAsPlainDigitsThatReadBackExactly(float value) {
        String text = PgText.format(value);
        assertThat(text).doesNotContainIgnoringCase("e");
        assertThat(Float.parseFloat(text)).isEqualTo(value);
    }

    @Test
    void moneyFromTheDecoderIsAPlainAmount() {
        assertThat(PgText.format(1234.56)).isEqualTo("1234.56");
        assertThat(PgText.format(-0.01)).isEqualTo("-0.01");
        assertThat(PgText.format(9999999999999.99)).isEqualTo("9999999999999.99");
    }

    @Test
    void numericKeepsScaleAndSpecialValues() {
        assertThat(PgText.format(new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(PgText.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        String digits38 = "12345678901234567890123456789012345678";
        assertThat(PgText.format(new SpecialValueDecimal(new BigDecimal(digits38))))
                .isEqualTo(digits38);
        assertThat(PgText.format(new SpecialValueDecimal(new BigDecimal("-0.0000000001"))))
                .isEqualTo("-0.0000000001");
        assertThat(PgText.format(SpecialValueDecimal.NOT_A_NUMBER)).isEqualTo("NaN");
        assertThat(PgText.format(SpecialValueDecimal.POSITIVE_INF)).isEqualTo("Infinity");
        assertThat(PgText.format(SpecialValueDecimal.NEGATIVE_INF)).isEqualTo("-Infinity");
    }

    @Test
    void byteaAsHex() {
        assertThat(PgText.format(new byte[] {0, (byte) 0xff, 0, (byte) 0xde}))
                .isEqualTo("\\x00ff00de");
        assertThat(PgText.format(new byte[0])).isEqualTo("\\x");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-02-29",
                "0044-03-15 BC",
                "4713-01-01 BC",
                "0001-01-01 BC",
                "0001-01-01",
                "1582-10-10",
                "2021-03-14",
                "5874897-12-31",
                "infinity",
                "-infinity"
            })
    void datesReadByTheDecoderRenderAsWritten(String text) {
        inEveryZone(
                () -> assertThat(PgText.format(DateTimeFormat.get().date(text))).isEqualTo(text));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-02-29 23:59:59.123456",
                "2021-03-14 02:30:00",
                "1582-10-10 12:00:00",
                "1970-01-01 00:00:00",
                "0044-03-15 12:00:00.000001 BC",
                "4713-01-01 00:00:00 BC",
                "294276-12-31 23:59:59.999999"
            })
    void timestampsReadByTheDecoderRenderAsWritten(String text) {
        inEveryZone(
                () ->
                        assertThat(PgText.format(DateTimeFormat.get().timestampToInstant(text)))
                                .isEqualTo(text));
    }

    @Test
    void timestampInfinities() {
        assertThat(PgText.format(POSITIVE_INFINITY_INSTANT)).isEqualTo("infinity");
        assertThat(PgText.format(NEGATIVE_INFINITY_INSTANT)).isEqualTo("-infinity");
        assertThat(PgText.format(POSITIVE_INFINITY_OFFSET_DATE_TIME)).isEqualTo("infinity");
        assertThat(PgText.format(NEGATIVE_INFINITY_OFFSET_DATE_TIME)).isEqualTo("-infinity");
    }

    /** The decoder's timestamptz is at UTC; the server's text carries the session's offset. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-02-29 14:59:59.123456-03:30 | 2024-02-29 18:29:59.123456+00:00",
                "1899-12-31 20:29:08-03:30:52 | 1900-01-01 00:00:00+00:00",
                "0044-03-15 12:00:00.000001+00 BC | 0044-03-15 12:00:00.000001+00:00 BC",
                "294276-12-31 23:59:59.999999+00 | 294276-12-31 23:59:59.999999+00:00"
            })
    void timestampsWithTimeZoneKeepTheirInstant(String server, String rendered) {
        inEveryZone(
                () ->
                        assertThat(
                                        PgText.format(
                                                DateTimeFormat.get()
                                                        .timestampWithTimeZoneToOffsetDateTime(
                                                                server)
                                                        .withOffsetSameInstant(ZoneOffset.UTC)))
                                .isEqualTo(rendered));
    }

    @Test
    void offsetsAreRenderedAsGiven() {
        OffsetDateTime lmt =
                OffsetDateTime.of(
                        1899, 12, 31, 20, 29, 8, 0, ZoneOffset.ofHoursMinutesSeconds(-3, -30, -52));
        assertThat(PgText.format(lmt)).isEqualTo("1899-12-31 20:29:08-03:30:52");
        OffsetTime india = OffsetTime.of(10, 11, 12, 345_678_000, ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(PgText.format(india)).isEqualTo("10:11:12.345678+05:30");
    }

    /** The decoder moves timetz to UTC: the time of day survives, the written offset does not. */
    @Test
    void timeWithTimeZoneFromTheDecoderIsAtUtc() {
        inEveryZone(
                () -> {
                    assertThat(
                                    PgText.format(
                                            DateTimeFormat.get()
                                                    .timeWithTimeZone("10:11:12.345678+05:30")))
                            .isEqualTo("04:41:12.345678+00:00");
                    assertThat(
                                    PgText.format(
                                            DateTimeFormat.get()
                                                    .timeWithTimeZone("24:00:00-15:59")))
                            .isEqualTo("15:59:00+00:00");
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1 year 2 mons -3 days +04:05:06.789012 | 1 years 2 mons -3 days 4 hours 5 mins"
                        + " 6.789012 secs",
                "-1 years -2 mons +3 days -04:05:06.000001 | -1 years -2 mons 3 days -4 hours -5"
                        + " mins -6.000001 secs",
                "-00:00:00.5 | 0 years 0 mons 0 days 0 hours 0 mins -0.500000 secs",
                "00:00:00.000001 | 0 years 0 mons 0 days 0 hours 0 mins 0.000001 secs",
                "2147483647:59:59.999999 | 0 years 0 mons 0 days 2147483647 hours 59 mins 59.999999"
                        + " secs",
                "178000000 years | 178000000 years 0 mons 0 days 0 hours 0 mins 0.000000 secs"
            })
    void intervalsFromTheDecoderKeepEveryFieldAndSign(String server, String rendered)
            throws Exception {
        assertThat(PgText.format(new PGInterval(server))).isEqualTo(rendered);
    }

    @Test
    void pgjdbcObjectsAndArraysKeepTheServersText() throws Exception {
        String array = "{\"a,b\",\"q\\\"uote\",\"back\\\\slash\",\"\",NULL,\"NULL\"}";
        assertThat(PgText.format(new PgArray(null, 1009, array))).isEqualTo(array);
        assertThat(PgText.format(new PgArray(null, 1007, "[0:1]={7,8}"))).isEqualTo("[0:1]={7,8}");
        assertThat(PgText.format(pgObject("time", "24:00:00"))).isEqualTo("24:00:00");
    }

    @Test
    void hstoreFromTheSnapshotAsHstoreText() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b c", null);
        map.put("q\"t", "x\\y");
        assertThat(PgText.format(map))
                .isEqualTo("\"a\"=>\"1\", \"b c\"=>NULL, \"q\\\"t\"=>\"x\\\\y\"");
        assertThat(PgText.format(Map.of())).isEmpty();
    }

    private static PGobject pgObject(String type, String text) throws SQLException {
        PGobject object = new PGobject();
        object.setType(type);
        object.setValue(text);
        return object;
    }

    /** Runs {@code check} with each of {@link #ZONES} as the JVM's default time zone. */
    private static void inEveryZone(Runnable check) {
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                check.run();
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }
}
