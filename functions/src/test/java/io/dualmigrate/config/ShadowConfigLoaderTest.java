package io.dualmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.config.ShadowOptions.RedactionMode;
import io.dualmigrate.config.ShadowOptions.StartingOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShadowConfigLoaderTest {

    private static final Map<String, String> ENV =
            Map.of(
                    "OLD_DB_PASSWORD",
                    "old-pw",
                    "NEW_DB_PASSWORD",
                    "new-pw",
                    "KAFKA_PASSWORD",
                    "k\"pw");

    private static final String MINIMAL =
            "migration: {name: shop}\n"
                    + "target: {hostname: new.db, database: shop, username: w,"
                    + " password-env: NEW_DB_PASSWORD}\n"
                    + "shadow:\n"
                    + "  kafka: {bootstrap-servers: 'k:9092', topics: [reads]}\n";

    private static ShadowConfig parse(String yaml) {
        return new ShadowConfigLoader(ENV).parse(yaml);
    }

    @Test
    void readsTheExampleFile() throws Exception {
        String example = Files.readString(Path.of("..", "conf", "examples", "shadow.yaml"));
        ShadowConfig c = parse(example.replace("<", "").replace(">", ""));
        assertThat(c.name).isEqualTo("shop");
        assertThat(c.topics).containsExactly("shop.read-log");
        assertThat(c.source.password().reveal()).isEqualTo("old-pw");
        assertThat(c.output).isSameAs(c.target);
        assertThat(c.pairingWindow).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.sensitiveFields).containsExactlyInAnyOrder("email", "phone");
        EntityRules customer = c.rules("customer");
        assertThat(customer.rename).containsEntry("full_name", "name");
        assertThat(customer.ignore).containsExactlyInAnyOrder("updated_at", "meta.etag");
        assertThat(customer.timestampPrecision).isEqualTo(ChronoUnit.MILLIS);
        assertThat(customer.unicodeForm).isEqualTo(Normalizer.Form.NFC);
        assertThat(customer.nullEqualsEmpty).isTrue();
        assertThat(customer.reread.versionColumn).isEqualTo("version");
        EntityRules order = c.rules("order");
        assertThat(order.numericScale).isEqualTo(2);
        assertThat(order.numericTolerance).isEqualByComparingTo("0.001");
        assertThat(order.unorderedArrays).containsExactlyInAnyOrder("lines", "tags");
        assertThat(order.reread).isNull();
        assertThat(c.rereads()).isTrue();
    }

    @Test
    void appliesDefaults() {
        ShadowConfig c = parse(MINIMAL);
        assertThat(c.groupId).isEqualTo("dualmigrate-shadow-shop");
        assertThat(c.mismatchTopic).isEqualTo("shop.shadow-mismatches");
        assertThat(c.deadLetterTopic).isEqualTo("shop.shadow-dead-letters");
        assertThat(c.startingOffsets).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(c.redactionMode).isEqualTo(RedactionMode.HASH);
        assertThat(c.source).isNull();
        assertThat(c.output.database()).isEqualTo("shop");
        assertThat(c.mismatchTable.toString()).isEqualTo("public.dualmigrate_shadow_mismatches");
        assertThat(c.rules("unknown").ignore).isEmpty();
        assertThat(c.rereads()).isFalse();
    }

    @Test
    void anOwnOutputDatabaseReplacesNew() {
        ShadowConfig c =
                new ShadowConfigLoader(Map.of("R", "r-pw"))
                        .parse(
                                "migration: {name: shop}\n"
                                        + "shadow:\n"
                                        + "  kafka: {bootstrap-servers: 'k:9092', topics: reads}\n"
                                        + "  output: {hostname: r, database: rep, username: u,"
                                        + " password-env: R, port: 6000}\n");
        assertThat(c.target).isNull();
        assertThat(c.output.toString()).isEqualTo("u@r:6000/rep");
        assertThat(c.topics).containsExactly("reads");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, pairng: {window: 1 s}}"
                        + "|'shadow.pairng.window': unknown key",
                "shadow: {kafka: {topics: [t]}}|'shadow.kafka.bootstrap-servers': missing",
                "shadow: {kafka: {bootstrap-servers: b}}|'shadow.kafka.topics': missing",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, pairing: {window: 0 s}}"
                        + "|'shadow.pairing.window': must be positive",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, confirm: {capacity: 0}}"
                        + "|'shadow.confirm.capacity': is 0, below 1",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, redaction: {mode: mask}}"
                        + "|'shadow.redaction.mode': cannot read value 'MASK'. Expected: hash or drop",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t, shop.shadow-mismatches]}}"
                        + "|'shadow.kafka.topics': contains an output topic",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " timestamp-precision: hours}]}"
                        + "|'shadow.entities[0].timestamp-precision': 'hours' is not a precision",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " unicode-form: utf8}]}"
                        + "|'shadow.entities[0].unicode-form': 'utf8' is not a Unicode form",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " numeric-tolerance: -1}]}"
                        + "|'shadow.entities[0].numeric-tolerance': '-1' is not a tolerance",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " colour: red}]}"
                        + "|'shadow.entities[0].colour': unknown key",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c},"
                        + " {name: c}]}"
                        + "|'shadow.entities[1].name': c is listed twice",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " reread: {old: 'SELECT 1 WHERE id = :id'}}]}"
                        + "|'shadow.entities[0].reread.new': missing",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " reread: {old: 'DELETE FROM t WHERE id = :id', new: 'SELECT 1'}}]}"
                        + "|'shadow.entities[0].reread.old': is not a SELECT",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t]}, entities: [{name: c,"
                        + " reread: {old: 'SELECT x::text FROM t', new: 'SELECT 1'}}]}"
                        + "|'shadow.entities[0].reread.old': has no :key parameter",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], security-protocol: sasl-ssl}}"
                        + "|'shadow.kafka.username': missing",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], security-protocol: sasl-ssl,"
                        + " username: u}}"
                        + "|'shadow.kafka.password-env': no password source is set",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], security-protocol: sasl-ssl,"
                        + " username: u, password-env: NOT_SET}}"
                        + "|'shadow.kafka.password-env': environment variable NOT_SET is not set",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], security-protocol: sasl-ssl,"
                        + " sasl-mechanism: GSSAPI, username: u, password-env: KAFKA_PASSWORD}}"
                        + "|'shadow.kafka.sasl-mechanism': 'GSSAPI' is not supported",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], username: u}}"
                        + "|'shadow.kafka.username': is set but shadow.kafka.security-protocol is"
                        + " PLAINTEXT",
                "shadow: {kafka: {bootstrap-servers: b, topics: [t], security-protocol: tls}}"
                        + "|'shadow.kafka.security-protocol'",
            })
    void rejectsBadShadowSections(String shadowSection, String expected) {
        String yaml =
                "migration: {name: shop}\n"
                        + "target: {hostname: n, database: d, username: u,"
                        + " password-env: NEW_DB_PASSWORD}\n"
                        + shadowSection
                        + "\n";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void kafkaIsPlaintextUnlessConfigured() {
        assertThat(parse(MINIMAL).kafkaSecurity.clientProperties())
                .containsOnly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void saslCredentialsBecomeClientPropertiesWithoutShowingThePassword() {
        ShadowConfig c =
                parse(
                        MINIMAL.replace(
                                "topics: [reads]",
                                "topics: [reads], security-protocol: sasl-ssl,"
                                        + " sasl-mechanism: SCRAM-SHA-256, username: shadow,"
                                        + " password-env: KAFKA_PASSWORD"));
        assertThat(c.kafkaSecurity.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"shadow\" password=\"k\\\"pw\";");
        assertThat(c.kafkaSecurity.toString())
                .isEqualTo("SASL_SSL SCRAM-SHA-256 as shadow")
                .doesNotContain("pw");
    }

    @Test
    void rereadsNeedOld() {
        String yaml =
                MINIMAL
                        + "  entities: [{name: c, reread: {old: 'SELECT * FROM t WHERE id = :id',"
                        + " new: 'SELECT * FROM t WHERE id = :id'}}]\n";
        assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("'source.hostname': missing");
    }

    @Test
    void replicationKeysAreNotShadowKeys() {
        String yaml = MINIMAL + "source: {hostname: o, snapshot: {chunk-size: 5}}\n";
        assertThatThrownBy(() -> parse(yaml))
                .hasMessageContaining("'source.snapshot.chunk-size': unknown key");
    }

    @Test
    void everyOptionIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (var option : ShadowOptions.ALL) {
            assertThat(docs)
                    .as("docs/configuration.md mentions " + option.key())
                    .contains("`" + option.key() + "`");
        }
    }
}
