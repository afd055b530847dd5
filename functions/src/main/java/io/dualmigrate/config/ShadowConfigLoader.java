package io.dualmigrate.config;

import static io.dualmigrate.config.MigrationConfigLoader.atLeast;
import static io.dualmigrate.config.MigrationConfigLoader.get;
import static io.dualmigrate.config.MigrationConfigLoader.positive;
import static io.dualmigrate.config.MigrationConfigLoader.required;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads a shadow-read YAML file into a {@link ShadowConfig}, failing fast on the first problem.
 *
 * <p>Same rules as the migration file: unknown keys are errors, required keys must be there, values
 * are range-checked, passwords come only from environment variables or files, and every message
 * names the key and the fix. {@code source} and {@code target} take only the connection keys, so
 * the job never needs the replication settings.
 */
public final class ShadowConfigLoader {

    private static final Set<String> SECTIONS = Set.of("migration", "source", "target", "shadow");
    private static final Set<String> LISTS =
            Set.of(ShadowOptions.KAFKA_TOPICS.key(), ShadowOptions.REDACTION_FIELDS.key());
    private static final Set<ConfigOption<?>> ENUMS =
            Set.of(
                    ShadowOptions.KAFKA_STARTING_OFFSETS,
                    ShadowOptions.KAFKA_SECURITY_PROTOCOL,
                    ShadowOptions.REDACTION_MODE);
    private static final List<ConfigOption<?>> CONNECTION_KEYS =
            List.of(
                    MigrationOptions.SOURCE_HOSTNAME,
                    MigrationOptions.SOURCE_PORT,
                    MigrationOptions.SOURCE_DATABASE,
                    MigrationOptions.SOURCE_USERNAME,
                    MigrationOptions.SOURCE_PASSWORD_ENV,
                    MigrationOptions.SOURCE_PASSWORD_FILE,
                    MigrationOptions.TARGET_HOSTNAME,
                    MigrationOptions.TARGET_PORT,
                    MigrationOptions.TARGET_DATABASE,
                    MigrationOptions.TARGET_USERNAME,
                    MigrationOptions.TARGET_PASSWORD_ENV,
                    MigrationOptions.TARGET_PASSWORD_FILE);

    private final Map<String, String> environment;

    public ShadowConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static ShadowConfig load(Path file) {
        return new ShadowConfigLoader(System.getenv()).read(file);
    }

    public ShadowConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("Cannot read shadow-read file " + file + ": " + e);
        }
    }

    @SuppressWarnings("unchecked")
    public ShadowConfig parse(String yaml) {
        Map<String, Object> root = YamlRoot.read(yaml, "shadow-read file", SECTIONS);
        if (!(root.get("shadow") instanceof Map)) {
            throw ConfigException.forKey(
                    "shadow", "missing", "Add the shadow section (see conf/examples/shadow.yaml)");
        }
        Map<String, Object> shadow = new LinkedHashMap<>((Map<String, Object>) root.get("shadow"));
        Object entities = shadow.remove("entities");
        Map<String, String> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : root.entrySet()) {
            Object value = entry.getKey().equals("shadow") ? shadow : entry.getValue();
            flattenWithLists(entry.getKey(), value, flat);
        }
        return build(toConfiguration(flat), EntityRulesReader.read(entities));
    }

    private static void flattenWithLists(String prefix, Object value, Map<String, String> out) {
        if (LISTS.contains(prefix) && value instanceof List) {
            List<String> items = MigrationConfigLoader.asStrings(prefix, value);
            out.put(prefix, String.join(";", items));
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                flattenWithLists(prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            MigrationConfigLoader.flatten(prefix, value, out);
        }
    }

    private static Configuration toConfiguration(Map<String, String> flat) {
        Map<String, ConfigOption<?>> known =
                Stream.concat(
                                Stream.of(MigrationOptions.MIGRATION_NAME),
                                Stream.concat(CONNECTION_KEYS.stream(), ShadowOptions.ALL.stream()))
                        .collect(Collectors.toMap(ConfigOption::key, o -> o));
        Map<String, String> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            ConfigOption<?> option = known.get(e.getKey());
            if (option == null) {
                String section = e.getKey().substring(0, e.getKey().lastIndexOf('.') + 1);
                List<String> near =
                        known.keySet().stream()
                                .filter(k -> k.startsWith(section))
                                .sorted()
                                .toList();
                throw ConfigException.forKey(
                        e.getKey(),
                        "unknown key",
                        "Known keys here: "
                                + (near.isEmpty()
                                        ? "see docs/configuration.md"
                                        : String.join(", ", near)));
            }
            String value = e.getValue();
            if (ENUMS.contains(option)) {
                value = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            }
            normalized.put(e.getKey(), value);
        }
        return Configuration.fromMap(normalized);
    }

    private ShadowConfig build(Configuration o, Map<String, EntityRules> entities) {
        ShadowConfig.Builder b = new ShadowConfig.Builder();
        b.name = required(o, MigrationOptions.MIGRATION_NAME);
        if (!MigrationConfigLoader.NAME.matcher(b.name).matches()) {
            throw ConfigException.forKey(
                    MigrationOptions.MIGRATION_NAME.key(),
                    "'" + b.name + "' is not a valid name",
                    "Use lower-case letters, digits and underscores, starting with a letter");
        }
        b.entities = entities;
        boolean rereads = entities.values().stream().anyMatch(e -> e.reread != null);
        b.source = rereads || present(o, "source.") ? source(o) : null;
        b.target = target(o, rereads);
        b.output = output(o, b.target);

        b.bootstrapServers = required(o, ShadowOptions.KAFKA_BOOTSTRAP_SERVERS);
        List<String> topics = get(o, ShadowOptions.KAFKA_TOPICS);
        if (topics == null || topics.stream().allMatch(String::isBlank)) {
            throw ConfigException.forKey(
                    ShadowOptions.KAFKA_TOPICS.key(),
                    "missing",
                    "Name the read-log topics, e.g. topics: [shop.read-log]");
        }
        b.topics = topics.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
        b.groupId = orDefault(o, ShadowOptions.KAFKA_GROUP_ID, "dualmigrate-shadow-" + b.name);
        b.startingOffsets = get(o, ShadowOptions.KAFKA_STARTING_OFFSETS);
        b.kafkaSecurity = kafkaSecurity(o);
        b.mismatchTopic =
                orDefault(o, ShadowOptions.KAFKA_MISMATCH_TOPIC, b.name + ".shadow-mismatches");
        b.deadLetterTopic =
                orDefault(
                        o, ShadowOptions.KAFKA_DEAD_LETTER_TOPIC, b.name + ".shadow-dead-letters");
        if (b.topics.contains(b.mismatchTopic) || b.topics.contains(b.deadLetterTopic)) {
            throw ConfigException.forKey(
                    ShadowOptions.KAFKA_TOPICS.key(),
                    "contains an output topic",
                    "Read the read-log topics only; the job writes mismatches and dead letters");
        }

        b.pairingWindow = positive(o, ShadowOptions.PAIRING_WINDOW);
        b.maxOutOfOrderness = notNegative(o, ShadowOptions.PAIRING_OUT_OF_ORDERNESS);
        b.idleness = positive(o, ShadowOptions.PAIRING_IDLENESS);
        b.confirmDelay = notNegative(o, ShadowOptions.CONFIRM_DELAY);
        b.confirmTimeout = positive(o, ShadowOptions.CONFIRM_TIMEOUT);
        b.confirmCapacity = atLeast(o, ShadowOptions.CONFIRM_CAPACITY, 1);
        b.confirmThreads = atLeast(o, ShadowOptions.CONFIRM_THREADS, 1);

        b.mismatchTable = TableId.parse(get(o, ShadowOptions.OUTPUT_MISMATCH_TABLE));
        b.summaryTable = TableId.parse(get(o, ShadowOptions.OUTPUT_SUMMARY_TABLE));
        b.batchSize = atLeast(o, ShadowOptions.OUTPUT_BATCH_SIZE, 1);
        b.flushInterval = positive(o, ShadowOptions.OUTPUT_FLUSH_INTERVAL);
        b.sampleMaxChars = atLeast(o, ShadowOptions.OUTPUT_SAMPLE_MAX_CHARS, 0);

        b.redactionMode = get(o, ShadowOptions.REDACTION_MODE);
        b.sensitiveFields =
                EntityRulesReader.paths(
                        ShadowOptions.REDACTION_FIELDS.key(),
                        new ArrayList<>(get(o, ShadowOptions.REDACTION_FIELDS)));
        return new ShadowConfig(b);
    }

    private KafkaSecurity kafkaSecurity(Configuration o) {
        ShadowOptions.SecurityProtocol protocol = get(o, ShadowOptions.KAFKA_SECURITY_PROTOCOL);
        boolean sasl = protocol.name().startsWith("SASL");
        String username = get(o, ShadowOptions.KAFKA_USERNAME);
        String passwordEnv = get(o, ShadowOptions.KAFKA_PASSWORD_ENV);
        String passwordFile = get(o, ShadowOptions.KAFKA_PASSWORD_FILE);
        if (!sasl) {
            for (ConfigOption<String> option :
                    List.of(
                            ShadowOptions.KAFKA_USERNAME,
                            ShadowOptions.KAFKA_PASSWORD_ENV,
                            ShadowOptions.KAFKA_PASSWORD_FILE)) {
                if (o.containsKey(option.key())) {
                    throw ConfigException.forKey(
                            option.key(),
                            "is set but shadow.kafka.security-protocol is " + protocol,
                            "Set security-protocol to sasl-ssl (or sasl-plaintext), or remove it");
                }
            }
            return new KafkaSecurity(protocol.name(), null, null, null);
        }
        String mechanism = get(o, ShadowOptions.KAFKA_SASL_MECHANISM).trim();
        if (!KafkaSecurity.MECHANISMS.contains(mechanism)) {
            throw ConfigException.forKey(
                    ShadowOptions.KAFKA_SASL_MECHANISM.key(),
                    "'" + mechanism + "' is not supported",
                    "Use one of " + String.join(", ", KafkaSecurity.MECHANISMS));
        }
        if (username == null || username.isBlank()) {
            throw ConfigException.forKey(
                    ShadowOptions.KAFKA_USERNAME.key(),
                    "missing",
                    "Name the SASL user, as " + protocol + " needs one");
        }
        Secret password = Secret.resolve("shadow.kafka", passwordEnv, passwordFile, environment);
        return new KafkaSecurity(protocol.name(), mechanism, username.trim(), password);
    }

    private static boolean present(Configuration o, String prefix) {
        return o.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private ConnectionSettings source(Configuration o) {
        return MigrationConfigLoader.connection(
                o,
                "source",
                MigrationOptions.SOURCE_HOSTNAME,
                MigrationOptions.SOURCE_PORT,
                MigrationOptions.SOURCE_DATABASE,
                MigrationOptions.SOURCE_USERNAME,
                MigrationOptions.SOURCE_PASSWORD_ENV,
                MigrationOptions.SOURCE_PASSWORD_FILE,
                environment);
    }

    private ConnectionSettings target(Configuration o, boolean rereads) {
        if (!rereads && !present(o, "target.") && present(o, "shadow.output.")) {
            return null;
        }
        return MigrationConfigLoader.connection(
                o,
                "target",
                MigrationOptions.TARGET_HOSTNAME,
                MigrationOptions.TARGET_PORT,
                MigrationOptions.TARGET_DATABASE,
                MigrationOptions.TARGET_USERNAME,
                MigrationOptions.TARGET_PASSWORD_ENV,
                MigrationOptions.TARGET_PASSWORD_FILE,
                environment);
    }

    private ConnectionSettings output(Configuration o, ConnectionSettings target) {
        boolean own =
                Stream.of(
                                ShadowOptions.OUTPUT_HOSTNAME,
                                ShadowOptions.OUTPUT_DATABASE,
                                ShadowOptions.OUTPUT_USERNAME,
                                ShadowOptions.OUTPUT_PASSWORD_ENV,
                                ShadowOptions.OUTPUT_PASSWORD_FILE)
                        .anyMatch(option -> o.containsKey(option.key()));
        if (!own) {
            return target;
        }
        return MigrationConfigLoader.connection(
                o,
                "shadow.output",
                ShadowOptions.OUTPUT_HOSTNAME,
                ShadowOptions.OUTPUT_PORT,
                ShadowOptions.OUTPUT_DATABASE,
                ShadowOptions.OUTPUT_USERNAME,
                ShadowOptions.OUTPUT_PASSWORD_ENV,
                ShadowOptions.OUTPUT_PASSWORD_FILE,
                environment);
    }

    private static String orDefault(Configuration o, ConfigOption<String> option, String fallback) {
        String value = get(o, option);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static java.time.Duration notNegative(
            Configuration o, ConfigOption<java.time.Duration> option) {
        java.time.Duration value = get(o, option);
        if (value.isNegative()) {
            throw ConfigException.forKey(
                    option.key(), "is negative", "Use e.g. " + option.defaultValue());
        }
        return value;
    }
}
