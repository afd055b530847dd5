package io.dualmigrate.config;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code shadow.entities} list of a shadow-read file into {@link EntityRules}. */
final class EntityRulesReader {

    private static final Set<String> KEYS =
            Set.of(
                    "name",
                    "ignore",
                    "rename",
                    "timestamp-precision",
                    "numeric-scale",
                    "numeric-tolerance",
                    "unicode-form",
                    "case-insensitive",
                    "unordered-arrays",
                    "null-equals-empty",
                    "sensitive",
                    "reread");
    private static final Set<String> REREAD_KEYS = Set.of("old", "new", "version-column");
    private static final Map<String, ChronoUnit> PRECISIONS =
            Map.of(
                    "seconds", ChronoUnit.SECONDS,
                    "millis", ChronoUnit.MILLIS,
                    "micros", ChronoUnit.MICROS);
    private static final Pattern PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");

    private EntityRulesReader() {}

    static Map<String, EntityRules> read(Object entities) {
        Map<String, EntityRules> out = new LinkedHashMap<>();
        if (entities == null) {
            return out;
        }
        if (!(entities instanceof List)) {
            throw ConfigException.forKey(
                    "shadow.entities", "must be a list", "Write entries as '- name: customer'");
        }
        int index = 0;
        for (Object entry : (List<?>) entities) {
            String path = "shadow.entities[" + index++ + "]";
            EntityRules rules = readOne(path, entry);
            if (out.put(rules.name, rules) != null) {
                throw ConfigException.forKey(
                        path + ".name", rules.name + " is listed twice", "List each entity once");
            }
        }
        return out;
    }

    private static EntityRules readOne(String path, Object entry) {
        if (!(entry instanceof Map)) {
            throw ConfigException.forKey(path, "must be a map", "Write '- name: customer'");
        }
        Map<?, ?> map = (Map<?, ?>) entry;
        checkKeys(path, map, KEYS);
        Object name = map.get("name");
        if (name == null || String.valueOf(name).isBlank()) {
            throw ConfigException.forKey(path + ".name", "missing", "Name the read-log entity");
        }
        return new EntityRules(
                String.valueOf(name),
                paths(path + ".ignore", map.get("ignore")),
                renames(path + ".rename", map.get("rename")),
                precision(path + ".timestamp-precision", map.get("timestamp-precision")),
                scale(path + ".numeric-scale", map.get("numeric-scale")),
                tolerance(path + ".numeric-tolerance", map.get("numeric-tolerance")),
                form(path + ".unicode-form", map.get("unicode-form")),
                paths(path + ".case-insensitive", map.get("case-insensitive")),
                paths(path + ".unordered-arrays", map.get("unordered-arrays")),
                bool(path + ".null-equals-empty", map.get("null-equals-empty")),
                paths(path + ".sensitive", map.get("sensitive")),
                reread(path + ".reread", map.get("reread")));
    }

    private static void checkKeys(String path, Map<?, ?> map, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw ConfigException.forKey(
                        path + "." + key,
                        "unknown key",
                        "Known keys: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    static Set<String> paths(String key, Object value) {
        Set<String> out = new LinkedHashSet<>();
        for (String path : MigrationConfigLoader.asStrings(key, value)) {
            if (!PATH.matcher(path).matches()) {
                throw ConfigException.forKey(
                        key,
                        "'" + path + "' is not a field path",
                        "Use field names joined by dots, e.g. address.city");
            }
            out.add(path);
        }
        return out;
    }

    private static Map<String, String> renames(String key, Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map)) {
            throw ConfigException.forKey(key, "must be a map", "Write it as {old_name: new_name}");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            String from = String.valueOf(e.getKey());
            if (e.getValue() == null || !PATH.matcher(from).matches()) {
                throw ConfigException.forKey(
                        key + "." + from, "needs a NEW field name", "Write it as {old: new}");
            }
            String to = String.valueOf(e.getValue());
            if (to.contains(".") || to.isBlank()) {
                throw ConfigException.forKey(
                        key + "." + from,
                        "'" + to + "' is not a field name",
                        "Give the NEW name of the field only (it stays where it is)");
            }
            out.put(from, to);
        }
        return out;
    }

    private static ChronoUnit precision(String key, Object value) {
        if (value == null) {
            return null;
        }
        ChronoUnit unit = PRECISIONS.get(String.valueOf(value).trim().toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw ConfigException.forKey(
                    key, "'" + value + "' is not a precision", "Use seconds, millis or micros");
        }
        return unit;
    }

    private static Integer scale(String key, Object value) {
        if (value == null) {
            return null;
        }
        try {
            int scale = Integer.parseInt(String.valueOf(value).trim());
            if (scale >= 0 && scale <= 18) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ConfigException.forKey(key, "'" + value + "' is not a scale", "Use 0 to 18");
    }

    private static BigDecimal tolerance(String key, Object value) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal tolerance = new BigDecimal(String.valueOf(value).trim());
            if (tolerance.signum() >= 0) {
                return tolerance;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ConfigException.forKey(
                key, "'" + value + "' is not a tolerance", "Use a number >= 0, e.g. 0.001");
    }

    private static Normalizer.Form form(String key, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Normalizer.Form.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigException.forKey(
                    key, "'" + value + "' is not a Unicode form", "Use NFC, NFD, NFKC or NFKD");
        }
    }

    private static boolean bool(String key, Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw ConfigException.forKey(key, "'" + value + "' is not a boolean", "Use true or false");
    }

    private static RereadQueries reread(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw ConfigException.forKey(key, "must be a map", "Give 'old' and 'new' queries");
        }
        Map<?, ?> map = (Map<?, ?>) value;
        checkKeys(key, map, REREAD_KEYS);
        String oldQuery = query(key + ".old", map.get("old"));
        String newQuery = query(key + ".new", map.get("new"));
        Object version = map.get("version-column");
        return new RereadQueries(
                oldQuery, newQuery, version == null ? "version" : String.valueOf(version));
    }

    private static String query(String key, Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            throw ConfigException.forKey(
                    key, "missing", "Give a SELECT that reads one key, e.g. ... WHERE id = :id");
        }
        String sql = String.valueOf(value).trim();
        if (!sql.regionMatches(true, 0, "select", 0, 6)
                && !sql.regionMatches(true, 0, "with", 0, 4)) {
            throw ConfigException.forKey(
                    key, "is not a SELECT", "Re-read queries only read: write a SELECT");
        }
        if (!RereadQueries.PARAMETER.matcher(sql).find()) {
            throw ConfigException.forKey(
                    key,
                    "has no :key parameter",
                    "Select the one row of the event's key, e.g. WHERE id = :id");
        }
        return sql;
    }
}
