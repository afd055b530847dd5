package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.TableId;
import io.dualmigrate.sink.DeadLetterTable;
import io.dualmigrate.source.ChangeEvent;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dead-letter table keeps one row per rejected change, however often it is replayed. */
class DeadLetterTableITCase {

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    private static ChangeEvent event(long version) {
        ChangeEvent e = new ChangeEvent();
        e.table = "public.stock";
        e.key = "1:7;";
        e.version = version;
        e.columns = new String[] {"id", "qty"};
        e.values = new String[] {"7", "-1"};
        return e;
    }

    @Test
    void aReplayedRejectionIsRecordedOnce() throws Exception {
        PG.server().createDatabase("dlq");
        try (Connection c = PG.server().connect("dlq")) {
            DeadLetterTable table = new DeadLetterTable(new TableId("public", "dead"));
            table.create(c);
            table.create(c);
            table.write(c, "m", event(5), "public.stock", "check violated", "23514");
            table.write(c, "m", event(5), "public.stock", "check violated", "23514");
            table.write(c, "m", event(6), "public.stock", "check violated", "23514");
            assertThat(
                            Sql.rows(
                                    c,
                                    "SELECT version, event->'row'->>'qty' FROM dead ORDER BY version"))
                    .containsExactly("5|-1", "6|-1");
        }
    }
}
