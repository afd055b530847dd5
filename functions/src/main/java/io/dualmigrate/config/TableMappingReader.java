package io.dualmigrate.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code tables:} list of a migration file into {@link TableMapping}s. */
final class TableMappingReader {

    private static final Set<String> KEYS =
            Set.of("source", "target", "rename", "drop", "add", "cast", "version-column");

    private final VersionSource versionSource;
    private final String defaultVersionColumn;

    TableMappingReader(VersionSource versionSource, String defaultVersionColumn) {
        this.versionSource = versionSource;
        this.defaultVersionColumn = defaultVersionColumn;
    }

    List<TableMapping> read(Object tables) {
        if (!(tables instanceof List) || ((List<?>) tables).isEmpty()) {
            throw ConfigException.forKey(
                    "tables", "missing or empty", "List at least one table: - source: public.t");
        }
        List<TableMapping> out = new java.util.ArrayList<>();
        Set<TableId> seen = new LinkedHashSet<>();
        int index = 0;
        for (Object entry : (List<?>) tables) {
            TableMapping mapping = readOne("tables[" + index + "]", entry);
            if (!seen.add(mapping.source())) {
                throw ConfigException.forKey(
                        "tables[" + index + "].source",
                        mapping.source() + " is listed twice",
                        "List each source table once");
            }
            out.add(mapping);
            index++;
        }
        return out;
    }

    private TableMapping readOne(String path, Object entry) {
        if (!(entry instanceof Map)) {
            throw ConfigException.forKey(path, "must be a map", "Write '- source: public.t'");
        }
        Map<?, ?> map = (Map<?, ?>) entry;
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw ConfigException.forKey(
                        path + "." + key,
                        "unknown key",
                        "Known keys: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Object sourceName = map.get("source");
        if (sourceName == null) {
            throw ConfigException.forKey(path + ".source", "missing", "Name the OLD table");
        }
        TableId source = TableId.parse(String.valueOf(sourceName));
        TableId target =
                map.get("target") == null
                        ? source
                        : TableId.parse(String.valueOf(map.get("target")));
        String versionColumn = null;
        if (versionSource == VersionSource.COLUMN) {
            Object own = map.get("version-column");
            versionColumn = own != null ? String.valueOf(own) : defaultVersionColumn;
            if (versionColumn == null) {
                throw ConfigException.forKey(
                        "replication.version-column",
                        "missing while replication.version-source is 'column'",
                        "Name the source column that holds the version, here or in "
                                + path
                                + ".version-column");
            }
        } else if (map.get("version-column") != null) {
            throw ConfigException.forKey(
                    path + ".version-column",
                    "set while replication.version-source is 'lsn'",
                    "Remove it, or set replication.version-source: column");
        }
        return new TableMapping(
                source,
                target,
                stringMap(path + ".rename", map.get("rename")),
                new LinkedHashSet<>(
                        MigrationConfigLoader.asStrings(path + ".drop", map.get("drop"))),
                stringMap(path + ".add", map.get("add")),
                stringMap(path + ".cast", map.get("cast")),
                versionColumn);
    }

    private static Map<String, String> stringMap(String key, Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map)) {
            throw ConfigException.forKey(key, "must be a map", "Write it as {a: b}");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (e.getValue() == null) {
                throw ConfigException.forKey(
                        key + "." + e.getKey(), "has no value", "Give it a value");
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return out;
    }
}
