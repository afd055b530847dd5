package io.dualmigrate.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The top level of a config file (migration or shadow-read): YAML with duplicate keys refused and
 * only the known sections, so that a typo at the top never passes silently.
 */
final class YamlRoot {

    private YamlRoot() {}

    /**
     * @param kind the file's name in messages, e.g. "migration file"
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String yaml, String kind, Set<String> sections) {
        Map<String, Object> root;
        try {
            root =
                    new ObjectMapper(new YAMLFactory())
                            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                            .readValue(yaml, Map.class);
        } catch (IOException e) {
            throw new ConfigException("The " + kind + " is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException("The " + kind + " is empty.");
        }
        for (String section : root.keySet()) {
            if (!sections.contains(section)) {
                throw ConfigException.forKey(
                        section,
                        "unknown section",
                        "Use only " + String.join(", ", sections.stream().sorted().toList()));
            }
        }
        return root;
    }
}
