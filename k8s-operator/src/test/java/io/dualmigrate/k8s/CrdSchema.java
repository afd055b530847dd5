package io.dualmigrate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CustomResourceDefinition's {@code openAPIV3Schema} as a JSON Schema, validating the way the
 * Kubernetes API server does: unknown fields are errors (structural schemas prune them, and the
 * operator would silently ignore them), {@code x-kubernetes-int-or-string} takes either, and {@code
 * x-kubernetes-preserve-unknown-fields} keeps an object open.
 */
final class CrdSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonSchema schema;

    private CrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** Loads the schema of {@code version} (e.g. v1beta1) from a CRD file. */
    static CrdSchema load(Path crdFile, String version) throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(crdFile.toFile());
        String group = crd.at("/spec/group").asText();
        String kind = crd.at("/spec/names/kind").asText();
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.get("name").asText().equals(version)) {
                ObjectNode root = toJsonSchema(v.at("/schema/openAPIV3Schema"));
                ObjectNode properties = (ObjectNode) root.get("properties");
                properties.set("apiVersion", constant(group + "/" + version));
                properties.set("kind", constant(kind));
                properties.set("metadata", NODES.objectNode().put("type", "object"));
                root.set("required", NODES.arrayNode().add("apiVersion").add("kind"));
                return new CrdSchema(
                        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root));
            }
        }
        throw new IllegalArgumentException(crdFile + " has no version " + version);
    }

    /** Every violation, each starting with the JSON path of the offending field. */
    List<String> validate(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).toList();
    }

    private static ObjectNode constant(String value) {
        return NODES.objectNode().put("type", "string").put("const", value);
    }

    private static ObjectNode toJsonSchema(JsonNode openApi) {
        ObjectNode out = NODES.objectNode();
        boolean preserveUnknown = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        if (openApi.path("x-kubernetes-int-or-string").asBoolean()) {
            ArrayNode anyOf = out.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = openApi.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith("x-kubernetes-")) {
                continue;
            }
            switch (name) {
                case "properties" -> {
                    ObjectNode properties = out.putObject("properties");
                    value.fields()
                            .forEachRemaining(
                                    p -> properties.set(p.getKey(), toJsonSchema(p.getValue())));
                }
                case "items" -> out.set("items", toJsonSchema(value));
                case "additionalProperties" ->
                        out.set(
                                "additionalProperties",
                                value.isObject() ? toJsonSchema(value) : value);
                default -> out.set(name, value);
            }
        }
        if (openApi.has("properties") && !openApi.has("additionalProperties") && !preserveUnknown) {
            out.put("additionalProperties", false);
        }
        return out;
    }
}
