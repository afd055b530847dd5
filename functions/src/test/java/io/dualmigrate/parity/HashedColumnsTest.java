package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashedColumnsTest {

    @Test
    void typesWhoseEqualityIsTextEqualityAreHashedByValue() {
        for (String type :
                new String[] {
                    "integer",
                    "bigint",
                    "text",
                    "character varying(20)",
                    "character varying",
                    "character(5)",
                    "boolean",
                    "date",
                    "timestamp without time zone",
                    "timestamp(3) with time zone",
                    "time without time zone",
                    "uuid",
                    "bytea"
                }) {
            assertThat(HashedColumns.byValue(type)).as(type).isTrue();
        }
    }

    @Test
    void typesWithLooserEqualityAreHashedAsText() {
        for (String type :
                new String[] {
                    "numeric",
                    "numeric(12,2)",
                    "double precision",
                    "real",
                    "interval",
                    "jsonb",
                    "json",
                    "time with time zone",
                    "integer[]",
                    "text[]",
                    "citext",
                    "mood",
                    "money",
                    "inet"
                }) {
            assertThat(HashedColumns.byValue(type)).as(type).isFalse();
        }
        assertThat(HashedColumns.byValue(null)).isFalse();
    }
}
