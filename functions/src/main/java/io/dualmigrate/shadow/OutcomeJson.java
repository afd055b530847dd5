package io.dualmigrate.shadow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON forms of what the job writes to Kafka: mismatch records and dead letters (fields in
 * {@code docs/shadow-reads.md}). Built only from redacted data.
 */
public final class OutcomeJson {

    private OutcomeJson() {}

    public static ObjectNode mismatch(ShadowOutcome o) {
        ObjectNode node = ReadLogParser.JSON.createObjectNode();
        node.put("request_id", o.requestId);
        node.put("entity", o.entity);
        node.set("key", Classifier.tree(o.key));
        node.put("category", o.category.name());
        node.put("initial_category", o.initialCategory.name());
        node.put("confirmation", o.confirmation.name());
        node.set("differences", differences(o.differences));
        node.put("old_version", o.oldVersion);
        node.put("new_version", o.newVersion);
        node.put("old_error", o.oldError);
        node.put("new_error", o.newError);
        node.put("event_time", Instant.ofEpochMilli(o.eventTime).toString());
        node.put("detected_at", Instant.ofEpochMilli(o.detectedAt).toString());
        node.put("old_sample", o.oldSample);
        node.put("new_sample", o.newSample);
        return node;
    }

    public static ArrayNode differences(FieldDifference[] differences) {
        ArrayNode array = ReadLogParser.JSON.createArrayNode();
        if (differences != null) {
            for (FieldDifference d : differences) {
                array.addObject().put("path", d.path).put("cause", d.cause.name());
            }
        }
        return array;
    }

    public static ObjectNode deadLetter(DeadLetter letter) {
        ObjectNode node = ReadLogParser.JSON.createObjectNode();
        node.put("kind", letter.kind);
        node.put("reason", letter.reason);
        node.put("request_id", letter.requestId);
        node.put("topic", letter.topic);
        node.put("partition", letter.partition);
        node.put("offset", letter.offset);
        node.put("detected_at", Instant.ofEpochMilli(letter.detectedAt).toString());
        byte[] raw = letter.raw == null ? new byte[0] : letter.raw;
        node.put("raw_base64", Base64.getEncoder().encodeToString(raw));
        return node;
    }

    static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
