package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dualmigrate.config.ShadowOptions.RedactionMode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hashes or drops sensitive fields before any value leaves the job (samples, keys, dead letters).
 *
 * <p>A rule matches a field whose dotted path equals it or ends with it: {@code email} matches
 * {@code email}, {@code payload.email} and {@code contact.email}; {@code address.street} matches
 * that path wherever it sits. Matching by suffix errs on the side of hiding. A hash is {@code
 * sha256:} and the first 16 hex digits of the SHA-256 of the value's JSON text, so equal values
 * stay recognisable without being readable.
 */
public final class Redactor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> rules;
    private final RedactionMode mode;

    public Redactor(Set<String> rules, RedactionMode mode) {
        this.rules = List.copyOf(rules);
        this.mode = mode;
    }

    /** The compact JSON {@code json} with sensitive fields redacted, cut to {@code maxChars}. */
    public String sample(String json, int maxChars) {
        if (json == null || maxChars == 0) {
            return null;
        }
        String redacted = redact(Classifier.tree(json)).toString();
        return redacted.length() <= maxChars ? redacted : redacted.substring(0, maxChars) + "…";
    }

    /** A redacted copy of {@code node}. */
    public JsonNode redact(JsonNode node) {
        if (rules.isEmpty()) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        walk(copy, "");
        return copy;
    }

    /**
     * The bytes of a raw record with sensitive fields redacted when they are JSON; bytes that are
     * not JSON cannot be searched for fields and are returned as they are.
     */
    public byte[] redactRaw(byte[] raw) {
        if (rules.isEmpty() || raw == null) {
            return raw;
        }
        JsonNode tree;
        try {
            tree = ReadLogParser.JSON.readTree(raw);
        } catch (IOException e) {
            return raw;
        }
        if (tree == null || !tree.isContainerNode()) {
            return raw;
        }
        JsonNode redacted = redact(tree);
        return redacted.equals(tree) ? raw : redacted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void walk(JsonNode node, String path) {
        if (node.isArray()) {
            node.forEach(element -> walk(element, path));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (!sensitive(childPath)) {
                walk(field.getValue(), childPath);
            } else if (mode == RedactionMode.DROP) {
                it.remove();
            } else if (!field.getValue().isNull()) {
                field.setValue(TextNode.valueOf(hash(field.getValue())));
            }
        }
    }

    private boolean sensitive(String path) {
        for (String rule : rules) {
            if (path.equals(rule) || path.endsWith("." + rule)) {
                return true;
            }
        }
        return false;
    }

    static String hash(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
