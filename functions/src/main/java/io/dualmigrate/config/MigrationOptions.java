package io.dualmigrate.config;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every scalar key of a migration file, with its type, default and meaning.
 *
 * <p>The YAML file nests these keys ({@code source: {hostname: …}}); the loader flattens them to
 * the dotted names below, rejects any key not listed here, and range-checks the values. The
 * per-table mappings live under {@code tables:} and are read by {@link TableMappingReader}.
 */
public final class MigrationOptions {

    private MigrationOptions() {}

    public static final ConfigOption<String> MIGRATION_NAME =
            ConfigOptions.key("migration.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Name of the migration: lower-case letters, digits and underscores."
                                    + " Names the replication slot and publication.");

    public static final ConfigOption<String> SOURCE_HOSTNAME =
            ConfigOptions.key("source.hostname")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Host of the OLD PostgreSQL server.");

    public static final ConfigOption<Integer> SOURCE_PORT =
            ConfigOptions.key("source.port")
                    .intType()
                    .defaultValue(5432)
                    .withDescription("Port of the OLD PostgreSQL server.");

    public static final ConfigOption<String> SOURCE_DATABASE =
            ConfigOptions.key("source.database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Database on the OLD server that holds the tables.");

    public static final ConfigOption<String> SOURCE_USERNAME =
            ConfigOptions.key("source.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User with the REPLICATION attribute on the OLD server.");

    public static final ConfigOption<String> SOURCE_PASSWORD_ENV =
            ConfigOptions.key("source.password-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Environment variable holding the OLD server's password.");

    public static final ConfigOption<String> SOURCE_PASSWORD_FILE =
            ConfigOptions.key("source.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the OLD server's password.");

    public static final ConfigOption<String> SOURCE_SLOT_NAME =
            ConfigOptions.key("source.slot-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Replication slot name; defaults to dualmigrate_<migration.name>.");

    public static final ConfigOption<Integer> SOURCE_CHUNK_SIZE =
            ConfigOptions.key("source.snapshot.chunk-size")
                    .intType()
                    .defaultValue(8096)
                    .withDescription("Rows per snapshot chunk; chunks are read in parallel.");

    public static final ConfigOption<Integer> SOURCE_FETCH_SIZE =
            ConfigOptions.key("source.snapshot.fetch-size")
                    .intType()
                    .defaultValue(1024)
                    .withDescription("JDBC fetch size of the snapshot reads.");

    public static final ConfigOption<Long> SOURCE_RATE_LIMIT =
            ConfigOptions.key("source.snapshot.rate-limit")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Maximum snapshot rows per second over the whole job; 0 means"
                                    + " unlimited. Slows the backfill by backpressure.");

    public static final ConfigOption<Duration> SOURCE_POLL_INTERVAL =
            ConfigOptions.key("source.poll-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription(
                            "Longest time a decoded change waits before the source hands it to"
                                    + " Flink (Debezium's poll.interval.ms); bounds the lag at low"
                                    + " change rates.");

    public static final ConfigOption<String> TARGET_HOSTNAME =
            ConfigOptions.key("target.hostname")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Host of the NEW PostgreSQL server.");

    public static final ConfigOption<Integer> TARGET_PORT =
            ConfigOptions.key("target.port")
                    .intType()
                    .defaultValue(5432)
                    .withDescription("Port of the NEW PostgreSQL server.");

    public static final ConfigOption<String> TARGET_DATABASE =
            ConfigOptions.key("target.database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Database on the NEW server.");

    public static final ConfigOption<String> TARGET_USERNAME =
            ConfigOptions.key("target.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User that writes the NEW tables.");

    public static final ConfigOption<String> TARGET_PASSWORD_ENV =
            ConfigOptions.key("target.password-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Environment variable holding the NEW server's password.");

    public static final ConfigOption<String> TARGET_PASSWORD_FILE =
            ConfigOptions.key("target.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("File holding the NEW server's password.");

    public static final ConfigOption<String> TARGET_VERSION_COLUMN =
            ConfigOptions.key("target.version-column")
                    .stringType()
                    .defaultValue("_dm_version")
                    .withDescription("bigint column in every NEW table that holds the version.");

    public static final ConfigOption<String> TARGET_DELETED_COLUMN =
            ConfigOptions.key("target.deleted-column")
                    .stringType()
                    .defaultValue("_dm_deleted")
                    .withDescription("boolean column in every NEW table marking tombstones.");

    public static final ConfigOption<String> TARGET_DEAD_LETTER_TABLE =
            ConfigOptions.key("target.dead-letter-table")
                    .stringType()
                    .defaultValue("public.dualmigrate_dead_letters")
                    .withDescription(
                            "Table in NEW that receives rejected rows; created if absent.");

    public static final ConfigOption<Integer> TARGET_BATCH_SIZE =
            ConfigOptions.key("target.batch-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription("Rows per batched write; a full batch is flushed at once.");

    public static final ConfigOption<Duration> TARGET_FLUSH_INTERVAL =
            ConfigOptions.key("target.flush-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Longest time a row waits in a batch before it is written.");

    public static final ConfigOption<Integer> TARGET_MAX_RETRIES =
            ConfigOptions.key("target.max-retries")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Retries of a batch on connection errors before the job fails over.");

    public static final ConfigOption<VersionSource> REPLICATION_VERSION_SOURCE =
            ConfigOptions.key("replication.version-source")
                    .enumType(VersionSource.class)
                    .defaultValue(VersionSource.LSN)
                    .withDescription(
                            "Where versions come from: 'lsn' (commit position, no clocks) or"
                                    + " 'column' (an application-maintained version column).");

    public static final ConfigOption<String> REPLICATION_VERSION_COLUMN =
            ConfigOptions.key("replication.version-column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Source column holding the version when version-source is 'column';"
                                    + " a table entry may override it.");

    public static final ConfigOption<OnError> REPLICATION_ON_ERROR =
            ConfigOptions.key("replication.on-error")
                    .enumType(OnError.class)
                    .defaultValue(OnError.DEAD_LETTER)
                    .withDescription(
                            "What a row NEW rejects does: 'dead-letter' (fail-open, default) or"
                                    + " 'fail' (fail-closed: the job stops).");

    public static final ConfigOption<Duration> REPLICATION_TOMBSTONE_TTL =
            ConfigOptions.key("replication.tombstone-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("How long a delete is remembered in state.");

    /** All scalar options; anything else in the file is rejected. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    MIGRATION_NAME,
                    SOURCE_HOSTNAME,
                    SOURCE_PORT,
                    SOURCE_DATABASE,
                    SOURCE_USERNAME,
                    SOURCE_PASSWORD_ENV,
                    SOURCE_PASSWORD_FILE,
                    SOURCE_SLOT_NAME,
                    SOURCE_CHUNK_SIZE,
                    SOURCE_FETCH_SIZE,
                    SOURCE_RATE_LIMIT,
                    SOURCE_POLL_INTERVAL,
                    TARGET_HOSTNAME,
                    TARGET_PORT,
                    TARGET_DATABASE,
                    TARGET_USERNAME,
                    TARGET_PASSWORD_ENV,
                    TARGET_PASSWORD_FILE,
                    TARGET_VERSION_COLUMN,
                    TARGET_DELETED_COLUMN,
                    TARGET_DEAD_LETTER_TABLE,
                    TARGET_BATCH_SIZE,
                    TARGET_FLUSH_INTERVAL,
                    TARGET_MAX_RETRIES,
                    REPLICATION_VERSION_SOURCE,
                    REPLICATION_VERSION_COLUMN,
                    REPLICATION_ON_ERROR,
                    REPLICATION_TOMBSTONE_TTL);
}
