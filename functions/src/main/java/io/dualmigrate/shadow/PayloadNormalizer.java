package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dualmigrate.config.EntityRules;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies an entity's normalisation rules to one side's payload, so that differences the migration
 * expects (a renamed field, a coarser timestamp, another Unicode form…) compare equal.
 *
 * <p>Order: OLD's fields are renamed, ignored fields removed, then every value is normalised where
 * it stands: strings to the Unicode form, timestamps truncated to the precision (and written as UTC
 * instants), case-insensitive strings lower-cased, numbers rounded to the scale, unordered arrays
 * sorted, and with null-equals-empty every null or empty value dropped. Rule paths are dotted from
 * the payload root and pass through arrays ({@code lines.price}).
 */
public final class PayloadNormalizer {

    private PayloadNormalizer() {}

    /** A normalised copy of {@code payload}; {@code old} says whether renames apply. */
    public static JsonNode normalize(JsonNode payload, EntityRules rules, boolean old) {
        JsonNode copy = payload.deepCopy();
        if (old) {
            for (Map.Entry<String, String> rename : rules.rename.entrySet()) {
                rename(copy, rename.getKey().split("\\."), 0, rename.getValue());
            }
        }
        for (String path : rules.ignore) {
            remove(copy, path.split("\\."), 0);
        }
        JsonNode out = transform(copy, "", rules);
        return out == null ? ReadLogParser.JSON.createObjectNode() : out;
    }

    private static void rename(JsonNode node, String[] path, int depth, String newName) {
        if (node.isArray()) {
            node.forEach(element -> rename(element, path, depth, newName));
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (depth == path.length - 1) {
                JsonNode value = object.remove(path[depth]);
                if (value != null) {
                    object.set(newName, value);
                }
            } else if (object.has(path[depth])) {
                rename(object.get(path[depth]), path, depth + 1, newName);
            }
        }
    }

    private static void remove(JsonNode node, String[] path, int depth) {
        if (node.isArray()) {
            node.forEach(element -> remove(element, path, depth));
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (depth == path.length - 1) {
                object.remove(path[depth]);
            } else if (object.has(path[depth])) {
                remove(object.get(path[depth]), path, depth + 1);
            }
        }
    }

    /** The normalised node, or null when null-equals-empty drops it. */
    private static JsonNode transform(JsonNode node, String path, EntityRules rules) {
        JsonNode out;
        if (node.isObject()) {
            ObjectNode object = ReadLogParser.JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode child = transform(field.getValue(), childPath, rules);
                if (child != null) {
                    object.set(field.getKey(), child);
                }
            }
            out = object;
        } else if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            for (JsonNode element : node) {
                JsonNode child = transform(element, path, rules);
                elements.add(child == null ? NullNode.getInstance() : child);
            }
            if (rules.unorderedArrays.contains(path)) {
                elements.sort(Comparator.comparing(JsonNode::toString));
            }
            ArrayNode array = ReadLogParser.JSON.createArrayNode();
            array.addAll(elements);
            out = array;
        } else if (node.isTextual()) {
            out = TextNode.valueOf(text(node.asText(), path, rules));
        } else if (node.isNumber() && rules.numericScale != null) {
            out =
                    DecimalNode.valueOf(
                            node.decimalValue()
                                    .setScale(rules.numericScale, RoundingMode.HALF_UP)
                                    .stripTrailingZeros());
        } else {
            out = node;
        }
        return rules.nullEqualsEmpty && nullOrEmpty(out) ? null : out;
    }

    private static String text(String value, String path, EntityRules rules) {
        String out = value;
        if (rules.unicodeForm != null) {
            out = Normalizer.normalize(out, rules.unicodeForm);
        }
        if (rules.timestampPrecision != null) {
            Timestamps.Parsed parsed = Timestamps.parse(out);
            if (parsed != null) {
                out =
                        DateTimeFormatter.ISO_INSTANT.format(
                                parsed.instant().truncatedTo(rules.timestampPrecision));
            }
        }
        if (rules.caseInsensitive.contains(path)) {
            out = out.toLowerCase(Locale.ROOT);
        }
        return out;
    }

    /** Null, a missing value, "", [] or {}. */
    static boolean nullOrEmpty(JsonNode node) {
        return node == null
                || node.isNull()
                || node.isMissingNode()
                || (node.isTextual() && node.asText().isEmpty())
                || (node.isContainerNode() && node.isEmpty());
    }

    /** Numbers compare by value; the tolerance, when set, widens equality. */
    static boolean numbersEqual(BigDecimal a, BigDecimal b, BigDecimal tolerance) {
        if (a.compareTo(b) == 0) {
            return true;
        }
        return tolerance != null && a.subtract(b).abs().compareTo(tolerance) <= 0;
    }
}
