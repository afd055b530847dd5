package io.dualmigrate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedSqlTest {

    private static TargetTable table(boolean tombstoneInsert) {
        return new TargetTable(
                "public.orders",
                new TableId("app", "orders_v2"),
                List.of(
                        TargetColumn.fromSource("id", "id"),
                        TargetColumn.fromSource("total", "amount"),
                        TargetColumn.constant("region", "eu")),
                1,
                "_dm_version",
                "_dm_deleted",
                tombstoneInsert,
                0);
    }

    @Test
    void upsertGuardsOnTheVersion() {
        assertThat(GuardedSql.upsert(table(true)))
                .isEqualTo(
                        "INSERT INTO \"app\".\"orders_v2\" AS tgt (\"id\", \"total\", \"region\","
                                + " \"_dm_version\", \"_dm_deleted\") VALUES (?, ?, ?, ?, false)"
                                + " ON CONFLICT (\"id\") DO UPDATE SET \"total\" = EXCLUDED.\"total\","
                                + " \"region\" = EXCLUDED.\"region\", \"_dm_version\" ="
                                + " EXCLUDED.\"_dm_version\", \"_dm_deleted\" = false"
                                + " WHERE tgt.\"_dm_version\" IS NULL OR tgt.\"_dm_version\" <"
                                + " EXCLUDED.\"_dm_version\"");
    }

    @Test
    void tombstoneWinsOverALiveRowOfTheSameVersion() {
        assertThat(GuardedSql.tombstone(table(true)))
                .startsWith(
                        "INSERT INTO \"app\".\"orders_v2\" AS tgt (\"id\", \"_dm_version\","
                                + " \"_dm_deleted\") VALUES (?, ?, true)")
                .endsWith(
                        "OR (tgt.\"_dm_version\" = EXCLUDED.\"_dm_version\" AND NOT"
                                + " tgt.\"_dm_deleted\")");
    }

    @Test
    void tombstoneForTablesThatCannotHoldKeyOnlyRowsOnlyUpdates() {
        assertThat(GuardedSql.tombstone(table(false)))
                .isEqualTo(
                        "UPDATE \"app\".\"orders_v2\" AS tgt SET \"_dm_version\" = ?,"
                                + " \"_dm_deleted\" = true WHERE tgt.\"id\" = ?"
                                + " AND (tgt.\"_dm_version\" IS NULL OR tgt.\"_dm_version\" < ?"
                                + " OR (tgt.\"_dm_version\" = ? AND NOT tgt.\"_dm_deleted\"))");
    }

    @Test
    void identifiersAreQuoted() {
        assertThat(new TableId("we\"ird", "t").quoted()).isEqualTo("\"we\"\"ird\".\"t\"");
    }
}
