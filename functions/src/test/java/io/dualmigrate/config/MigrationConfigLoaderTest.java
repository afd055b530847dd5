package io.dualmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationConfigLoaderTest {

    private static final String VALID =
            "migration:\n"
                    + "  name: shop\n"
                    + "source:\n"
                    + "  hostname: old.db\n"
                    + "  database: shop\n"
                    + "  username: migrator\n"
                    + "  password-env: OLD_PW\n"
                    + "target:\n"
                    + "  hostname: new.db\n"
                    + "  port: 6432\n"
                    + "  database: shop2\n"
                    + "  username: writer\n"
                    + "  password-env: NEW_PW\n"
                    + "replication:\n"
                    + "  on-error: dead-letter\n"
                    + "  tombstone-ttl: 2 d\n"
                    + "tables:\n"
                    + "  - source: public.orders\n"
                    + "    target: app.orders_v2\n"
                    + "    rename: {amount: total}\n"
                    + "    drop: [legacy]\n"
                    + "    add: {region: eu}\n"
                    + "    cast: {total: 'numeric(12,2)'}\n"
                    + "  - source: customers\n";

    private static final Map<String, String> ENV = Map.of("OLD_PW", "s3cret", "NEW_PW", "t0p");

    private static MigrationConfig parse(String yaml) {
        return new MigrationConfigLoader(ENV).parse(yaml);
    }

    @Test
    void readsAValidFileWithDefaults() {
        MigrationConfig c = parse(VALID);
        assertThat(c.name).isEqualTo("shop");
        assertThat(c.slotName).isEqualTo("dualmigrate_shop");
        assertThat(c.source.port()).isEqualTo(5432);
        assertThat(c.target.port()).isEqualTo(6432);
        assertThat(c.source.password().reveal()).isEqualTo("s3cret");
        assertThat(c.onError).isEqualTo(OnError.DEAD_LETTER);
        assertThat(c.versionSource).isEqualTo(VersionSource.LSN);
        assertThat(c.tombstoneTtl).isEqualTo(Duration.ofDays(2));
        assertThat(c.versionColumn).isEqualTo("_dm_version");
        assertThat(c.tables).hasSize(2);
        TableMapping orders = c.tables.get(0);
        assertThat(orders.target()).isEqualTo(new TableId("app", "orders_v2"));
        assertThat(orders.targetColumn("amount")).isEqualTo("total");
        assertThat(orders.targetColumn("legacy")).isNull();
        assertThat(orders.targetColumn("id")).isEqualTo("id");
        assertThat(c.tables.get(1).source()).isEqualTo(new TableId("public", "customers"));
        assertThat(c.parity.rangeRows).isEqualTo(20_000);
        assertThat(c.parity.recheckDelay).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.parity.runTable).isEqualTo(new TableId("public", "dualmigrate_parity_runs"));
    }

    @Test
    void readsTheParitySection() {
        MigrationConfig c =
                parse(
                        VALID
                                + "parity:\n  recheck-delay: 30 s\n  rate-limit: 5000\n"
                                + "  drift-table: audit.drift\n");
        assertThat(c.parity.recheckDelay).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.parity.rateLimit).isEqualTo(5000);
        assertThat(c.parity.driftTable).isEqualTo(new TableId("audit", "drift"));
    }

    @Test
    void passwordsNeverShowInStrings() {
        MigrationConfig c = parse(VALID);
        assertThat(c.source.toString()).doesNotContain("s3cret");
        assertThat(c.source.password().toString()).isEqualTo("****");
    }

    @Test
    void readsThePasswordFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\n");
        MigrationConfig c = parse(VALID.replace("password-env: OLD_PW", "password-file: " + file));
        assertThat(c.source.password().reveal()).isEqualTo("from-file");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(VALID.replace("  name: shop\n", ""), "'migration.name': missing"),
                Arguments.of(VALID.replace("name: shop", "name: Shop-1"), "'migration.name'"),
                Arguments.of(
                        VALID.replace("  hostname: old.db\n", ""), "'source.hostname': missing"),
                Arguments.of(
                        VALID.replace("  database: shop2\n", ""), "'target.database': missing"),
                Arguments.of(
                        VALID.replace("hostname: old.db", "hostnme: old.db"),
                        "'source.hostnme': unknown key"),
                Arguments.of(VALID + "extras:\n  a: 1\n", "'extras': unknown section"),
                Arguments.of(VALID.replace("port: 6432", "port: 70000"), "'target.port'"),
                Arguments.of(VALID.replace("port: 6432", "port: many"), "'target.port'"),
                Arguments.of(
                        VALID.replace("on-error: dead-letter", "on-error: ignore"),
                        "'replication.on-error'"),
                Arguments.of(
                        VALID.replace("tombstone-ttl: 2 d", "tombstone-ttl: soon"),
                        "'replication.tombstone-ttl'"),
                Arguments.of(
                        VALID.replace("tombstone-ttl: 2 d", "tombstone-ttl: 0 s"),
                        "'replication.tombstone-ttl'"),
                Arguments.of(VALID + "  - source: public.orders\n", "'tables[2].source'"),
                Arguments.of(
                        VALID.replace("    drop: [legacy]\n", "    dorp: [legacy]\n"),
                        "'tables[0].dorp': unknown key"),
                Arguments.of(
                        VALID.replace("    drop: [legacy]\n", "    drop: legacy\n"),
                        "'tables[0].drop'"),
                Arguments.of(
                        VALID.replace("  password-env: OLD_PW\n", ""), "'source.password-env'"),
                Arguments.of(
                        VALID.replace("password-env: OLD_PW", "password-env: NOPE"),
                        "'source.password-env': environment variable NOPE is not set"),
                Arguments.of(
                        VALID.replace("password-env: NEW_PW", "password-file: /nonexistent/pw"),
                        "'target.password-file'"),
                Arguments.of(
                        VALID.replace(
                                "  username: writer\n",
                                "  username: writer\n  password: hunter2\n"),
                        "'target.password': unknown key"),
                Arguments.of(
                        VALID.replace("on-error: dead-letter", "version-source: column"),
                        "'replication.version-column'"),
                Arguments.of(
                        VALID.replace(
                                "  - source: customers\n",
                                "  - source: customers\n    version-column: v\n"),
                        "'tables[1].version-column'"),
                Arguments.of(VALID.substring(0, VALID.indexOf("tables:")), "'tables': missing"),
                Arguments.of(
                        VALID.replace("on-error: dead-letter", "version-column: v"),
                        "'replication.version-column': set while"),
                Arguments.of(
                        VALID.replace(
                                "  database: shop\n",
                                "  database: shop\n  snapshot:\n    chunk-size: 0\n"),
                        "'source.snapshot.chunk-size'"),
                Arguments.of(VALID + "source:\n  port: 1\n", "Duplicate field 'source'"),
                Arguments.of(
                        VALID + "parity:\n  leaf-rowz: 5\n", "'parity.leaf-rowz': unknown key"),
                Arguments.of(VALID + "parity:\n  split-factor: 1\n", "'parity.split-factor'"),
                Arguments.of(VALID + "parity:\n  recheck-delay: 0 s\n", "'parity.recheck-delay'"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badConfigurationNamesItsKey(String yaml, String expected) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void everyOptionIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        List<ConfigOption<?>> options = new ArrayList<>(MigrationOptions.ALL);
        options.addAll(ParityOptions.ALL);
        for (var option : options) {
            assertThat(docs)
                    .as("docs/configuration.md mentions " + option.key())
                    .contains("`" + option.key() + "`");
        }
    }
}
