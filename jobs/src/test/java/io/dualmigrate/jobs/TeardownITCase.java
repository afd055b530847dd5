package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfig;
import io.dualmigrate.schema.Teardown;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.time.Duration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A finished migration's slot and publication can be dropped, a running one's cannot. */
class TeardownITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.extension();

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    @Test
    void dropsTheSlotAndPublicationOnlyOnceTheJobIsGone() throws Exception {
        try (MigrationFixture m = new MigrationFixture(PG.server(), "teardown")) {
            m.createTable("items", "id int PRIMARY KEY, v int");
            Sql.exec(m.old, "INSERT INTO items SELECT g, g FROM generate_series(1, 10) g;\n");
            MigrationConfig config = m.configFor("", "items");
            m.start(config);
            m.awaitConverged("items", "id, v", Duration.ofSeconds(90));
            Sql.exec(m.old, "UPDATE items SET v = 0 WHERE id = 1;\n");
            m.awaitConverged("items", "id, v", Duration.ofSeconds(60));

            assertThatThrownBy(() -> new Teardown(config).run())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("replication slot dualmigrate_teardown is in use");

            m.cancel();
            Teardown.Result result =
                    Awaits.until(
                            () -> {
                                try {
                                    return new Teardown(config).run();
                                } catch (ConfigException stillReleasing) {
                                    return null;
                                }
                            },
                            r -> r != null,
                            Duration.ofSeconds(30));
            assertThat(result.slots()).containsExactly("dualmigrate_teardown");
            assertThat(result.publication()).isTrue();
            assertThat(Sql.queryLong(m.old, "SELECT count(*) FROM pg_replication_slots")).isZero();
            assertThat(Sql.queryLong(m.old, "SELECT count(*) FROM pg_publication")).isZero();
            assertThat(new Teardown(config).run())
                    .isEqualTo(new Teardown.Result(java.util.List.of(), false));
        }
    }
}
