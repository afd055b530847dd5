package io.dualmigrate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Reads a migration YAML file into a {@link MigrationConfig}, failing fast on the first problem.
 *
 * <p>Every error names the key, says what is wrong and how to fix it. Unknown keys are errors (a
 * typo must not silently fall back to a default), required keys must be present, numbers are
 * range-checked, and passwords come only from environment variables or files.
 */
public final class MigrationConfigLoader {

    private static final Set<String> SECTIONS =
            Set.of("migration", "source", "target", "replication", "parity", "tables");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final Map<String, String> environment;

    public MigrationConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static MigrationConfig load(Path file) {
        return new MigrationConfigLoader(System.getenv()).read(file);
    }

    public MigrationConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("Cannot read migration file " + file + ": " + e);
        }
        return parse(text);
    }

    @SuppressWarnings("unchecked")
    public MigrationConfig parse(String yaml) {
        Map<String, Object> root = YamlRoot.read(yaml, "migration file", SECTIONS);
        Map<String, String> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : root.entrySet()) {
            if (!entry.getKey().equals("tables")) {
                flatten(entry.getKey(), entry.getValue(), flat);
            }
        }
        Configuration options = toConfiguration(flat);
        return build(options, root.get("tables"));
    }

    static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                flatten(prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (value instanceof List) {
            throw ConfigException.forKey(prefix, "a list is not allowed here", "Give one value");
        } else if (value != null) {
            out.put(prefix, value.toString());
        }
    }

    private static Configuration toConfiguration(Map<String, String> flat) {
        Map<String, ConfigOption<?>> known =
                allOptions().stream().collect(Collectors.toMap(ConfigOption::key, o -> o));
        Map<String, String> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            ConfigOption<?> option = known.get(e.getKey());
            if (option == null) {
                throw ConfigException.forKey(
                        e.getKey(), "unknown key", "Known keys: " + knownKeysNear(e.getKey()));
            }
            String value = e.getValue();
            if (isEnum(option)) {
                value = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            }
            normalized.put(e.getKey(), value);
        }
        return Configuration.fromMap(normalized);
    }

    private static List<ConfigOption<?>> allOptions() {
        List<ConfigOption<?>> all = new ArrayList<>(MigrationOptions.ALL);
        all.addAll(ParityOptions.ALL);
        return all;
    }

    private static boolean isEnum(ConfigOption<?> option) {
        return option == MigrationOptions.REPLICATION_ON_ERROR
                || option == MigrationOptions.REPLICATION_VERSION_SOURCE;
    }

    private static String knownKeysNear(String key) {
        String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        List<String> near =
                allOptions().stream()
                        .map(ConfigOption::key)
                        .filter(k -> k.startsWith(section + "."))
                        .toList();
        return String.join(", ", near.isEmpty() ? List.of("see docs/configuration.md") : near);
    }

    static <T> T get(Configuration options, ConfigOption<T> option) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey(
                    option.key(),
                    "cannot read value '" + options.toMap().get(option.key()) + "'",
                    option.description().toString().isEmpty()
                            ? "Check its type"
                            : "Expected: " + describe(option));
        }
    }

    private static String describe(ConfigOption<?> option) {
        if (option == MigrationOptions.REPLICATION_ON_ERROR) {
            return "dead-letter or fail";
        }
        if (option == MigrationOptions.REPLICATION_VERSION_SOURCE) {
            return "lsn or column";
        }
        if (option.hasDefaultValue() && option.defaultValue() instanceof Enum) {
            return java.util.Arrays.stream(
                            ((Enum<?>) option.defaultValue())
                                    .getDeclaringClass()
                                    .getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(" or "));
        }
        if (option.hasDefaultValue() && option.defaultValue() instanceof java.time.Duration) {
            return "a duration such as 200 ms, 30 s or 7 d";
        }
        return "a value like " + option.defaultValue();
    }

    static <T> T required(Configuration options, ConfigOption<T> option) {
        T value = get(options, option);
        if (value == null || value.toString().isBlank()) {
            throw ConfigException.forKey(
                    option.key(), "missing", "Add it: " + option.description());
        }
        return value;
    }

    static <T extends Number> T atLeast(Configuration options, ConfigOption<T> option, long min) {
        T value = get(options, option);
        if (value.longValue() < min) {
            throw ConfigException.forKey(
                    option.key(), "is " + value + ", below " + min, "Use a value >= " + min);
        }
        return value;
    }

    private MigrationConfig build(Configuration o, Object tables) {
        String name = required(o, MigrationOptions.MIGRATION_NAME);
        if (!NAME.matcher(name).matches()) {
            throw ConfigException.forKey(
                    MigrationOptions.MIGRATION_NAME.key(),
                    "'" + name + "' is not a valid name",
                    "Use lower-case letters, digits and underscores, starting with a letter");
        }
        ConnectionSettings source =
                connection(
                        o,
                        "source",
                        MigrationOptions.SOURCE_HOSTNAME,
                        MigrationOptions.SOURCE_PORT,
                        MigrationOptions.SOURCE_DATABASE,
                        MigrationOptions.SOURCE_USERNAME,
                        MigrationOptions.SOURCE_PASSWORD_ENV,
                        MigrationOptions.SOURCE_PASSWORD_FILE);
        ConnectionSettings target =
                connection(
                        o,
                        "target",
                        MigrationOptions.TARGET_HOSTNAME,
                        MigrationOptions.TARGET_PORT,
                        MigrationOptions.TARGET_DATABASE,
                        MigrationOptions.TARGET_USERNAME,
                        MigrationOptions.TARGET_PASSWORD_ENV,
                        MigrationOptions.TARGET_PASSWORD_FILE);
        String slot = get(o, MigrationOptions.SOURCE_SLOT_NAME);
        if (slot == null) {
            slot = "dualmigrate_" + name;
        } else if (!NAME.matcher(slot).matches()) {
            throw ConfigException.forKey(
                    MigrationOptions.SOURCE_SLOT_NAME.key(),
                    "'" + slot + "' is not a valid slot name",
                    "Use lower-case letters, digits and underscores");
        }
        VersionSource versionSource = get(o, MigrationOptions.REPLICATION_VERSION_SOURCE);
        String defaultVersionColumn = get(o, MigrationOptions.REPLICATION_VERSION_COLUMN);
        if (versionSource == VersionSource.LSN && defaultVersionColumn != null) {
            throw ConfigException.forKey(
                    MigrationOptions.REPLICATION_VERSION_COLUMN.key(),
                    "set while replication.version-source is 'lsn'",
                    "Remove it, or set replication.version-source: column");
        }
        List<TableMapping> mappings =
                new TableMappingReader(versionSource, defaultVersionColumn).read(tables);
        return new MigrationConfig(
                name,
                source,
                slot,
                atLeast(o, MigrationOptions.SOURCE_CHUNK_SIZE, 1),
                atLeast(o, MigrationOptions.SOURCE_FETCH_SIZE, 1),
                atLeast(o, MigrationOptions.SOURCE_RATE_LIMIT, 0),
                positive(o, MigrationOptions.SOURCE_POLL_INTERVAL),
                target,
                get(o, MigrationOptions.TARGET_VERSION_COLUMN),
                get(o, MigrationOptions.TARGET_DELETED_COLUMN),
                TableId.parse(get(o, MigrationOptions.TARGET_DEAD_LETTER_TABLE)),
                atLeast(o, MigrationOptions.TARGET_BATCH_SIZE, 1),
                positive(o, MigrationOptions.TARGET_FLUSH_INTERVAL),
                atLeast(o, MigrationOptions.TARGET_MAX_RETRIES, 0),
                versionSource,
                get(o, MigrationOptions.REPLICATION_ON_ERROR),
                positive(o, MigrationOptions.REPLICATION_TOMBSTONE_TTL),
                mappings,
                parity(o));
    }

    private ParitySettings parity(Configuration o) {
        return new ParitySettings(
                atLeast(o, ParityOptions.RANGE_ROWS, 1),
                atLeast(o, ParityOptions.LEAF_ROWS, 1),
                atLeast(o, ParityOptions.SPLIT_FACTOR, 2),
                positive(o, ParityOptions.RECHECK_DELAY),
                atLeast(o, ParityOptions.RECHECK_ATTEMPTS, 1),
                atLeast(o, ParityOptions.RATE_LIMIT, 0),
                TableId.parse(get(o, ParityOptions.RUN_TABLE)),
                TableId.parse(get(o, ParityOptions.DRIFT_TABLE)),
                notNegative(o, ParityOptions.METRICS_LINGER));
    }

    static java.time.Duration notNegative(
            Configuration o, ConfigOption<java.time.Duration> option) {
        java.time.Duration value = get(o, option);
        if (value.isNegative()) {
            throw ConfigException.forKey(
                    option.key(), "is negative", "Use e.g. 30 s, or 0 s for none");
        }
        return value;
    }

    static java.time.Duration positive(Configuration o, ConfigOption<java.time.Duration> option) {
        java.time.Duration value = get(o, option);
        if (value.isNegative() || value.isZero()) {
            throw ConfigException.forKey(
                    option.key(), "must be positive", "Use e.g. " + option.defaultValue());
        }
        return value;
    }

    private ConnectionSettings connection(
            Configuration o,
            String prefix,
            ConfigOption<String> host,
            ConfigOption<Integer> port,
            ConfigOption<String> database,
            ConfigOption<String> user,
            ConfigOption<String> passwordEnv,
            ConfigOption<String> passwordFile) {
        return connection(
                o, prefix, host, port, database, user, passwordEnv, passwordFile, environment);
    }

    static ConnectionSettings connection(
            Configuration o,
            String prefix,
            ConfigOption<String> host,
            ConfigOption<Integer> port,
            ConfigOption<String> database,
            ConfigOption<String> user,
            ConfigOption<String> passwordEnv,
            ConfigOption<String> passwordFile,
            Map<String, String> environment) {
        int portNumber = get(o, port);
        if (portNumber < 1 || portNumber > 65535) {
            throw ConfigException.forKey(
                    port.key(), "is " + portNumber + ", not a TCP port", "Use 1-65535");
        }
        return new ConnectionSettings(
                required(o, host),
                portNumber,
                required(o, database),
                required(o, user),
                Secret.resolve(prefix, get(o, passwordEnv), get(o, passwordFile), environment));
    }

    static List<String> asStrings(String key, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw ConfigException.forKey(key, "must be a list", "Write it as [a, b]");
        }
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) value) {
            out.add(String.valueOf(item));
        }
        return out;
    }
}
