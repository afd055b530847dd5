package io.dualmigrate.jobs;

import java.util.List;

/**
 * The columns {@link TypeFidelityITCase} replicates: one per common PostgreSQL type, each with the
 * values its rows cycle through, written as PostgreSQL input text.
 */
final class TypeColumns {

    /**
     * A column under test: the values (PostgreSQL input text) its rows cycle through; values the
     * change stream cannot carry, which only rows the stream never touches hold (each says why);
     * and how it is compared once the stream has run, {@code col::text} unless it says why not.
     */
    record Column(
            String name,
            String type,
            List<String> samples,
            List<String> snapshotOnlySamples,
            String afterStream) {

        Column(String name, String type, String... samples) {
            this(name, type, List.of(samples), List.of(), name + "::text");
        }

        Column snapshotOnly(String... values) {
            return new Column(name, type, samples, List.of(values), afterStream);
        }

        Column comparedAfterStreamAs(String expression) {
            return new Column(name, type, samples, snapshotOnlySamples, expression);
        }

        String sample(int row) {
            return samples.get(row % samples.size());
        }

        String snapshotOnlySample(int row) {
            return snapshotOnlySamples.isEmpty()
                    ? null
                    : snapshotOnlySamples.get(row % snapshotOnlySamples.size());
        }
    }

    static final String DDL =
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s', 'a, b');\n"
                    + "CREATE DOMAIN price AS numeric(10,2) CHECK (VALUE >= 0);\n"
                    + "CREATE TYPE complex AS (r double precision, i double precision, n text);\n"
                    + "CREATE EXTENSION hstore;\n"
                    + "CREATE EXTENSION citext;\n"
                    + "CREATE EXTENSION ltree;\n";

    static final List<Column> ALL =
            List.of(
                    new Column(
                                    "num",
                                    "numeric",
                                    "12345678901234567890123456789012345678",
                                    "NaN",
                                    "-0.000000000000000000000000000000000001",
                                    "1.50")
                            // Debezium 1.9.8's pgoutput decoder parses numeric with new
                            // BigDecimal(text) and knows only NaN: an infinite numeric (PG 14+)
                            // in the change stream, even in the old image of an update or delete
                            // (REPLICA IDENTITY FULL), throws NumberFormatException and stops the
                            // source before any converter runs.
                            .snapshotOnly("Infinity", "-Infinity"),
                    new Column(
                            "num38",
                            "numeric(38,10)",
                            "1234567890123456789012345678.0123456789",
                            "-9999999999999999999999999999.9999999999",
                            "0.0000000001",
                            "NaN",
                            "42"),
                    new Column(
                            "f4",
                            "real",
                            "0.1",
                            "NaN",
                            "Infinity",
                            "-Infinity",
                            "-0",
                            "3.4028235e38",
                            "1e-45",
                            "1.17549435e-38"),
                    new Column(
                            "f8",
                            "double precision",
                            "0.1",
                            "NaN",
                            "Infinity",
                            "-Infinity",
                            "-0",
                            "1e-310",
                            "1.7976931348623157e308",
                            "4.9e-324",
                            "0.30000000000000004"),
                    new Column(
                            "ts",
                            "timestamp",
                            "2024-02-29 23:59:59.123456",
                            "infinity",
                            "-infinity",
                            "0044-03-15 12:00:00.000001 BC",
                            "294276-12-31 23:59:59.999999",
                            "4713-01-01 00:00:00 BC",
                            "1582-10-10 12:00:00",
                            "2021-03-14 02:30:00",
                            "1970-01-01 00:00:00"),
                    new Column(
                            "tstz",
                            "timestamptz",
                            "2024-02-29 23:59:59.123456+05:30",
                            "infinity",
                            "-infinity",
                            "0044-03-15 12:00:00.000001+00 BC",
                            "294276-12-31 23:59:59.999999+00",
                            "1900-01-01 00:00:00+00",
                            "2021-03-14 05:30:00+00"),
                    new Column(
                            "d",
                            "date",
                            "2024-02-29",
                            "infinity",
                            "-infinity",
                            "0044-03-15 BC",
                            "5874897-12-31",
                            "4713-01-01 BC",
                            "1582-10-10",
                            "2021-03-14"),
                    new Column(
                            "t",
                            "time",
                            "23:59:59.999999",
                            "24:00:00",
                            "00:00:00",
                            "12:34:56.000001",
                            "01:02:03"),
                    new Column(
                                    "ttz",
                                    "timetz",
                                    "10:11:12.345678+05:30",
                                    "24:00:00-15:59",
                                    "00:00:00+15:59",
                                    "12:00:00-03:30",
                                    "23:59:59.999999+00")
                            // Debezium's pgoutput decoder turns timetz into an OffsetTime at UTC
                            // before any converter runs: the time of day at UTC survives (to the
                            // microsecond), the offset it was written with does not.
                            .comparedAfterStreamAs("timezone('UTC', ttz)::text"),
                    new Column(
                            "iv",
                            "interval",
                            "1 year 2 mons -3 days 04:05:06.789012",
                            "-1 years -2 mons +3 days -04:05:06.000001",
                            "00:00:00.000001",
                            "-00:00:00.5",
                            "178000000 years",
                            "1 mon -1 days 25:00:00",
                            "0",
                            "2147483647 hours 59 mins 59.999999 secs",
                            "-2147483647 hours -59 mins -59.999999 secs"),
                    new Column(
                            "js",
                            "json",
                            "{\"b\": 1,  \"a\" : [1, 2] , \"a\": \"dup\"}",
                            "  [ ]\n",
                            "null",
                            "\"str\\u00e9\"",
                            "{\n\t\"k\" : 1.0e1 }"),
                    new Column(
                            "jb",
                            "jsonb",
                            "{\"b\": 1, \"a\": [1, 2], \"a\": \"dup\"}",
                            "null",
                            "[]",
                            "{\"n\": 1.0e1, \"s\": \"\\u00e9\\n\"}",
                            "\"\""),
                    new Column(
                            "ia",
                            "int[]",
                            "{1,NULL,-3}",
                            "{}",
                            "{-2147483648,2147483647}",
                            "[0:1]={7,8}"),
                    new Column(
                            "ta",
                            "text[]",
                            "{\"a,b\",\"q\\\"uote\",\"back\\\\slash\",\"\",NULL,\"NULL\",\""
                                    + " lead\",\"{br}\"}",
                            "{}",
                            "{\"\"}",
                            "{\"tab\there\",\"nl\nhere\",é}"),
                    new Column("ia2", "int[]", "{{1,2,3},{4,NULL,6}}", "{{{1}},{{2}}}", "{{NULL}}"),
                    new Column(
                            "ta2", "text[]", "{{a,\"b c\"},{\"\",NULL}}", "{{\"\\\\\",\"\\\"\"}}"),
                    new Column("na", "numeric[]", "{1.50,NaN,-0.001,NULL}", "{Infinity}"),
                    new Column(
                            "tsa",
                            "timestamptz[]",
                            "{\"2020-01-01 00:00:00.5+00\",infinity,NULL}",
                            "{\"0044-03-15 12:00:00+00 BC\"}"),
                    new Column("by", "bytea", "\\x00ff00deadbeef00", "\\x", "\\x00"),
                    new Column(
                            "u",
                            "uuid",
                            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                            "00000000-0000-0000-0000-000000000000",
                            "ffffffff-ffff-ffff-ffff-ffffffffffff"),
                    new Column(
                            "ip",
                            "inet",
                            "192.168.1.5/24",
                            "2001:db8::1/64",
                            "::ffff:1.2.3.4",
                            "10.0.0.1"),
                    new Column("cid", "cidr", "10.0.0.0/8", "2001:db8::/32", "192.168.100.128/25"),
                    new Column("mac", "macaddr", "08:00:2b:01:02:03", "ff:ff:ff:ff:ff:ff"),
                    new Column("mac8", "macaddr8", "08:00:2b:01:02:03:04:05"),
                    new Column("mo", "mood", "happy", "it's", "a, b"),
                    new Column("moa", "mood[]", "{sad,happy}", "{\"it's\",NULL,\"a, b\"}", "{}"),
                    new Column("pr", "price", "12.30", "0.00", "99999999.99"),
                    new Column("m", "money", "1234.56", "-1234.56", "0.01", "9999999999999.99")
                            // Debezium's pgoutput decoder hands money over as a double: beyond
                            // 15 significant digits the cents are gone before any converter runs.
                            .snapshotOnly("92233720368547758.07", "-92233720368547758.08"),
                    new Column("b", "bit(8)", "10101010", "00000000"),
                    new Column("b1", "bit(1)", "1", "0"),
                    new Column("vb", "varbit", "101", "", "1111000011110000111"),
                    new Column(
                            "tx",
                            "text",
                            "e\u0301 \uD83C\uDF89 tab\tnl\nctl\u0001 end",
                            "",
                            " ",
                            "NULL",
                            "back\\slash 'quote' \"dq\"",
                            "日本語"),
                    new Column("c", "char(5)", "ab", "", "abcde", "é"),
                    new Column("bo", "boolean", "true", "false"),
                    new Column("i2", "smallint", "32767", "-32768", "0"),
                    new Column("i4", "integer", "2147483647", "-2147483648"),
                    new Column("i8", "bigint", "9223372036854775807", "-9223372036854775808"),
                    new Column("vc", "varchar(20)", "varchar ✓", "", "trailing  "),
                    new Column(
                            "x",
                            "xml",
                            "<a b=\"1\">text &amp; more</a>",
                            "plain text",
                            "<r><!-- c --><s/></r>"),
                    new Column("pt", "point", "(1.5,-2.25)", "(0.1,1e+300)"),
                    new Column("ln", "lseg", "[(0,0),(1.5,2)]"),
                    new Column("pg", "polygon", "((0,0),(1,0),(0.5,1))"),
                    new Column("cx", "complex", "(1.5,-2,\"a b\")", "(,,)"),
                    new Column("hs", "hstore", "a=>1, \"b c\"=>NULL, \"q\\\"t\"=>\"x\\\\y\"", ""),
                    new Column("ci", "citext", "MiXeD Case"),
                    new Column("lt", "ltree", "Top.Science.Astronomy", ""),
                    new Column("tsv", "tsvector", "a fat cat:1A sat:2B 'it''s'"),
                    new Column("tsq", "tsquery", "fat & (rat | cat)"),
                    new Column("lsn", "pg_lsn", "16/B374D848"),
                    new Column("nm", "name", "a_name"),
                    new Column("ir", "int4range", "[1,10)", "empty", "(,5]"),
                    new Column(
                            "tr",
                            "tstzrange",
                            "[\"2020-01-01 10:00:00+00\",\"2020-01-02 00:00:00+01\")",
                            "(-infinity,infinity)"));

    private TypeColumns() {}
}
