package io.dualmigrate.shadow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the bytes of one read-log record into a {@link ReadEvent}, or says exactly what is wrong
 * with it ({@code conf/schemas/read-log.schema.json}).
 *
 * <p>Both shapes are read: one side per event ({@code "side": "old"}) and both sides in one event
 * ({@code "old": {…}, "new": {…}}); {@code event_time} is epoch milliseconds or ISO-8601 with an
 * offset. Fields the schema does not name are ignored. Error messages name the field, never a
 * value, so they can go to logs and dead letters.
 */
public final class ReadLogParser {

    static final ObjectMapper JSON =
            JsonMapper.builder()
                    .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .build();

    private ReadLogParser() {}

    /** Parses one record; the result has {@link ReadEvent#problem} set when it is malformed. */
    public static ReadEvent parse(byte[] raw) {
        ReadEvent event = new ReadEvent();
        event.raw = raw;
        try {
            fill(event, raw);
        } catch (Malformed e) {
            event.problem = e.getMessage();
        }
        return event;
    }

    private static void fill(ReadEvent event, byte[] raw) throws Malformed {
        if (raw == null || raw.length == 0) {
            throw new Malformed("empty record");
        }
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new Malformed("not JSON: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("not a JSON object");
        }
        event.requestId = text(root, "request_id");
        event.entity = text(root, "entity");
        JsonNode key = root.get("key");
        if (key == null || !key.isObject() || key.isEmpty()) {
            throw new Malformed("'key' must be a non-empty object");
        }
        event.key = canonical(key);
        event.eventTime = eventTime(root.get("event_time"));
        JsonNode side = root.get("side");
        boolean split = root.has("old") || root.has("new");
        if (side != null && split) {
            throw new Malformed("has both 'side' and 'old'/'new': use one shape");
        }
        if (side != null) {
            if (!side.isTextual()) {
                throw new Malformed("'side' must be \"old\" or \"new\"");
            }
            SideRead read = side(root, "");
            switch (side.asText()) {
                case "old" -> event.oldSide = read;
                case "new" -> event.newSide = read;
                default -> throw new Malformed("unknown side: must be \"old\" or \"new\"");
            }
        } else if (split) {
            event.oldSide = side(object(root, "old"), "old.");
            event.newSide = side(object(root, "new"), "new.");
        } else {
            throw new Malformed("has neither 'side' nor 'old' and 'new'");
        }
    }

    private static SideRead side(JsonNode node, String prefix) throws Malformed {
        SideRead read = new SideRead();
        JsonNode error = node.get("error");
        if (error != null && !error.isNull()) {
            if (!error.isTextual()) {
                throw new Malformed("'" + prefix + "error' must be a string");
            }
            read.error = error.asText().isEmpty() ? "error" : error.asText();
        }
        JsonNode found = node.get("found");
        if (found == null || found.isNull()) {
            if (read.error == null) {
                throw new Malformed("'" + prefix + "found' is missing");
            }
        } else if (!found.isBoolean()) {
            throw new Malformed("'" + prefix + "found' must be true or false");
        } else {
            read.found = found.booleanValue();
        }
        JsonNode version = node.get("version");
        if (version != null && !version.isNull()) {
            if (!version.isIntegralNumber() || !version.canConvertToLong()) {
                throw new Malformed("'" + prefix + "version' must be an integer");
            }
            read.version = version.longValue();
        }
        JsonNode latency = node.get("latency_ms");
        if (latency != null && !latency.isNull()) {
            if (!latency.isNumber()) {
                throw new Malformed("'" + prefix + "latency_ms' must be a number");
            }
            read.latencyMs = latency.longValue();
        }
        JsonNode payload = node.get("payload");
        if (read.found && read.error == null) {
            if (payload == null || !payload.isObject()) {
                throw new Malformed("'" + prefix + "payload' must be an object when found");
            }
            read.payload = canonical(payload);
        }
        return read;
    }

    private static JsonNode object(JsonNode root, String field) throws Malformed {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            throw new Malformed("'" + field + "' must be an object");
        }
        return node;
    }

    private static String text(JsonNode root, String field) throws Malformed {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new Malformed("'" + field + "' is missing");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new Malformed("'" + field + "' must be a non-empty string");
        }
        return node.asText();
    }

    private static long eventTime(JsonNode node) throws Malformed {
        if (node == null || node.isNull()) {
            throw new Malformed("'event_time' is missing");
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            Timestamps.Parsed parsed = Timestamps.parse(node.asText());
            if (parsed != null && parsed.hasOffset()) {
                return parsed.instant().toEpochMilli();
            }
        }
        throw new Malformed(
                "'event_time' must be epoch milliseconds or ISO-8601 with an offset"
                        + " (2024-05-01T12:00:00.123Z)");
    }

    /** The node as compact JSON with object fields sorted, so equal keys give equal strings. */
    static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    private static String firstLine(IOException e) {
        String message =
                e instanceof JsonProcessingException
                        ? ((JsonProcessingException) e).getOriginalMessage()
                        : e.getClass().getSimpleName();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A record that does not follow the read-log format. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
