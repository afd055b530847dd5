package io.dualmigrate.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every scalar key of the {@code shadow:} section of a shadow-read file, with its type, default and
 * meaning.
 *
 * <p>The loader flattens the YAML to these dotted names and rejects anything not listed here; the
 * per-entity rules under {@code shadow.entities} are read by {@link EntityRulesReader}, and the
 * connections ({@code source}, {@code target}) use the keys of {@link MigrationOptions}.
 */
public final class ShadowOptions {

    private ShadowOptions() {}

    /** Where the Kafka source starts when the consumer group has no committed offsets. */
    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST
    }

    /** What happens to a sensitive field's value in samples and dead letters. */
    public enum RedactionMode {
        HASH,
        DROP
    }

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key("shadow.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka brokers, host:port[,host:port…].");

    public static final ConfigOption<List<String>> KAFKA_TOPICS =
            ConfigOptions.key("shadow.kafka.topics")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription("Topics holding the read-log events.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            ConfigOptions.key("shadow.kafka.group-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Consumer group; defaults to dualmigrate-shadow-<migration.name>.");

    public static final ConfigOption<StartingOffsets> KAFKA_STARTING_OFFSETS =
            ConfigOptions.key("shadow.kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where a fresh start reads from: 'committed' (the group's offsets,"
                                    + " earliest when none), 'earliest' or 'latest'.");

    /** How the job talks to the brokers. */
    public enum SecurityProtocol {
        PLAINTEXT,
        SSL,
        SASL_PLAINTEXT,
        SASL_SSL
    }

    public static final ConfigOption<SecurityProtocol> KAFKA_SECURITY_PROTOCOL =
            ConfigOptions.key("shadow.kafka.security-protocol")
                    .enumType(SecurityProtocol.class)
                    .defaultValue(SecurityProtocol.PLAINTEXT)
                    .withDescription(
                            "plaintext, ssl, sasl-plaintext or sasl-ssl; the sasl ones need"
                                    + " shadow.kafka.username and a password.");

    public static final ConfigOption<String> KAFKA_SASL_MECHANISM =
            ConfigOptions.key("shadow.kafka.sasl-mechanism")
                    .stringType()
                    .defaultValue("SCRAM-SHA-512")
                    .withDescription("PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

    public static final ConfigOption<String> KAFKA_USERNAME =
            ConfigOptions.key("shadow.kafka.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("SASL user of the job.");

    public static final ConfigOption<String> KAFKA_PASSWORD_ENV =
            ConfigOptions.key("shadow.kafka.password-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Environment variable holding the SASL password.");

    public static final ConfigOption<String> KAFKA_PASSWORD_FILE =
            ConfigOptions.key("shadow.kafka.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the SASL password (instead of password-env).");

    public static final ConfigOption<String> KAFKA_MISMATCH_TOPIC =
            ConfigOptions.key("shadow.kafka.mismatch-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Topic receiving one JSON record per pair that is not MATCH; defaults"
                                    + " to <migration.name>.shadow-mismatches.");

    public static final ConfigOption<String> KAFKA_DEAD_LETTER_TOPIC =
            ConfigOptions.key("shadow.kafka.dead-letter-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Topic receiving malformed, late and duplicate events with the"
                                    + " reason and the raw bytes; defaults to"
                                    + " <migration.name>.shadow-dead-letters.");

    public static final ConfigOption<Duration> PAIRING_WINDOW =
            ConfigOptions.key("shadow.pairing.window")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "How long (event time) a side waits for the other: a request is"
                                    + " UNPAIRED once the watermark passes event_time + window.");

    public static final ConfigOption<Duration> PAIRING_OUT_OF_ORDERNESS =
            ConfigOptions.key("shadow.pairing.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Watermarks trail the highest event time seen by this much.");

    public static final ConfigOption<Duration> PAIRING_IDLENESS =
            ConfigOptions.key("shadow.pairing.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long no longer holds back the"
                                    + " watermark.");

    public static final ConfigOption<Duration> CONFIRM_DELAY =
            ConfigOptions.key("shadow.confirm.delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "A differing pair is re-read from both stores this long after it was"
                                    + " detected.");

    public static final ConfigOption<Duration> CONFIRM_TIMEOUT =
            ConfigOptions.key("shadow.confirm.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Longest time one re-read of both stores may take; then the pair is"
                                    + " reported with confirmation 'reread-failed'.");

    public static final ConfigOption<Integer> CONFIRM_CAPACITY =
            ConfigOptions.key("shadow.confirm.capacity")
                    .intType()
                    .defaultValue(1000)
                    .withDescription(
                            "Re-reads in flight (waiting or querying) per subtask; more"
                                    + " backpressure the job.");

    public static final ConfigOption<Integer> CONFIRM_THREADS =
            ConfigOptions.key("shadow.confirm.threads")
                    .intType()
                    .defaultValue(4)
                    .withDescription("JDBC connections per store and subtask used for re-reads.");

    public static final ConfigOption<String> OUTPUT_MISMATCH_TABLE =
            ConfigOptions.key("shadow.output.mismatch-table")
                    .stringType()
                    .defaultValue("public.dualmigrate_shadow_mismatches")
                    .withDescription("Table receiving one row per pair that is not MATCH.");

    public static final ConfigOption<String> OUTPUT_SUMMARY_TABLE =
            ConfigOptions.key("shadow.output.summary-table")
                    .stringType()
                    .defaultValue("public.dualmigrate_shadow_summary")
                    .withDescription("Table receiving per-minute counts per entity and category.");

    public static final ConfigOption<Integer> OUTPUT_BATCH_SIZE =
            ConfigOptions.key("shadow.output.batch-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Rows per JDBC batch of the output tables.");

    public static final ConfigOption<Duration> OUTPUT_FLUSH_INTERVAL =
            ConfigOptions.key("shadow.output.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest time an output row waits in a batch.");

    public static final ConfigOption<Integer> OUTPUT_SAMPLE_MAX_CHARS =
            ConfigOptions.key("shadow.output.sample-max-chars")
                    .intType()
                    .defaultValue(2000)
                    .withDescription("Longest redacted payload sample kept per side.");

    public static final ConfigOption<String> OUTPUT_HOSTNAME =
            ConfigOptions.key("shadow.output.hostname")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Host of the database for the output tables; NEW's when not set.");

    public static final ConfigOption<Integer> OUTPUT_PORT =
            ConfigOptions.key("shadow.output.port")
                    .intType()
                    .defaultValue(5432)
                    .withDescription("Port of the output database.");

    public static final ConfigOption<String> OUTPUT_DATABASE =
            ConfigOptions.key("shadow.output.database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Output database (with shadow.output.hostname).");

    public static final ConfigOption<String> OUTPUT_USERNAME =
            ConfigOptions.key("shadow.output.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User that writes the output tables.");

    public static final ConfigOption<String> OUTPUT_PASSWORD_ENV =
            ConfigOptions.key("shadow.output.password-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Environment variable holding the output database password.");

    public static final ConfigOption<String> OUTPUT_PASSWORD_FILE =
            ConfigOptions.key("shadow.output.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the output database password.");

    public static final ConfigOption<RedactionMode> REDACTION_MODE =
            ConfigOptions.key("shadow.redaction.mode")
                    .enumType(RedactionMode.class)
                    .defaultValue(RedactionMode.HASH)
                    .withDescription(
                            "'hash' replaces a sensitive value by a hash of it, 'drop' removes"
                                    + " the field.");

    public static final ConfigOption<List<String>> REDACTION_FIELDS =
            ConfigOptions.key("shadow.redaction.fields")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("Sensitive fields of every entity (names or dotted paths).");

    /** All scalar options of the shadow section; anything else in it is rejected. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    KAFKA_BOOTSTRAP_SERVERS,
                    KAFKA_TOPICS,
                    KAFKA_GROUP_ID,
                    KAFKA_STARTING_OFFSETS,
                    KAFKA_SECURITY_PROTOCOL,
                    KAFKA_SASL_MECHANISM,
                    KAFKA_USERNAME,
                    KAFKA_PASSWORD_ENV,
                    KAFKA_PASSWORD_FILE,
                    KAFKA_MISMATCH_TOPIC,
                    KAFKA_DEAD_LETTER_TOPIC,
                    PAIRING_WINDOW,
                    PAIRING_OUT_OF_ORDERNESS,
                    PAIRING_IDLENESS,
                    CONFIRM_DELAY,
                    CONFIRM_TIMEOUT,
                    CONFIRM_CAPACITY,
                    CONFIRM_THREADS,
                    OUTPUT_MISMATCH_TABLE,
                    OUTPUT_SUMMARY_TABLE,
                    OUTPUT_BATCH_SIZE,
                    OUTPUT_FLUSH_INTERVAL,
                    OUTPUT_SAMPLE_MAX_CHARS,
                    OUTPUT_HOSTNAME,
                    OUTPUT_PORT,
                    OUTPUT_DATABASE,
                    OUTPUT_USERNAME,
                    OUTPUT_PASSWORD_ENV,
                    OUTPUT_PASSWORD_FILE,
                    REDACTION_MODE,
                    REDACTION_FIELDS);
}
