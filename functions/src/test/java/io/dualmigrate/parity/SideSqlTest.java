package io.dualmigrate.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideSqlTest {

    private final SideSql neu =
            new SideSql(
                    "\"public\".\"lines\"",
                    List.of("\"order_id\"::text", "\"line_no\"::text", "\"sku\"::text"),
                    List.of("\"order_id\"", "\"line_no\"", "\"sku\"::text"),
                    true,
                    List.of("\"order_id\"", "\"line_no\""),
                    List.of("integer", "smallint"),
                    "\"_dm_version\"",
                    "\"_dm_deleted\"");

    private final KeyRange range =
            new KeyRange(0, 0, new String[] {"10", "1"}, new String[] {"20", "3"});

    @Test
    void summariesCoverLiveRowsOfTheRangeByRowComparison() {
        assertThat(neu.summary(range))
                .isEqualTo(
                        "SELECT count(*), coalesce(sum(hash_record_extended(ROW(\"order_id\","
                                + " \"line_no\", \"sku\"::text), 0)), 0)::text FROM"
                                + " \"public\".\"lines\" WHERE (\"order_id\", \"line_no\") >="
                                + " (CAST(? AS integer), CAST(? AS smallint)) AND (\"order_id\","
                                + " \"line_no\") < (CAST(? AS integer), CAST(? AS smallint)) AND"
                                + " NOT \"_dm_deleted\"");
        assertThat(neu.bind(range)).containsExactly("10", "1", "20", "3");
    }

    @Test
    void rowReadsIncludeTombstonesWithVersionAndFlag() {
        assertThat(neu.rows(new KeyRange(0, 0, null, new String[] {"5", "1"})))
                .isEqualTo(
                        "SELECT \"order_id\"::text, \"line_no\"::text, \"sku\"::text,"
                                + " \"_dm_version\", \"_dm_deleted\" FROM \"public\".\"lines\""
                                + " WHERE (\"order_id\", \"line_no\") < (CAST(? AS integer),"
                                + " CAST(? AS smallint))");
    }

    @Test
    void anUnboundedRangeHasNoKeyCondition() {
        SideSql old =
                new SideSql(
                        "\"t\"",
                        List.of("\"id\"::text"),
                        List.of("\"id\""),
                        false,
                        List.of("\"id\""),
                        List.of("bigint"),
                        null,
                        null);
        assertThat(old.summary(new KeyRange(0, 0, null, null)))
                .isEqualTo(
                        "SELECT count(*), coalesce(sum(hashtextextended(ROW(\"id\"::text)::text,"
                                + " 0)), 0)::text FROM \"t\"");
        assertThat(old.rows(new KeyRange(0, 0, null, null)))
                .isEqualTo("SELECT \"id\"::text, NULL::bigint, false FROM \"t\"");
    }

    @Test
    void keyOrderIsTheColumnsNotTheirText() {
        // The select list renames k::text to k; an unqualified ORDER BY would sort the text.
        assertThat(neu.splitPoints(range)).endsWith("ORDER BY s.\"order_id\", s.\"line_no\"");
        assertThat(neu.sampleKeys(1.5))
                .contains("SELECT DISTINCT ON ((t.ctid::text::point)[0])")
                .contains("AS t TABLESAMPLE SYSTEM (1.5)")
                .endsWith("ORDER BY s.\"order_id\", s.\"line_no\"");
    }
}
