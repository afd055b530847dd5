package io.dualmigrate.shadow;

import java.nio.charset.StandardCharsets;

/** Read-log events for tests, built through the real parser from JSON text. */
final class Events {

    private Events() {}

    static ReadEvent side(String request, String side, long time, String payload) {
        return side(request, "customer", "{\"id\":1}", side, time, payload);
    }

    static ReadEvent side(
            String request, String entity, String key, String side, long time, String payload) {
        String found =
                payload == null ? "\"found\":false" : "\"found\":true,\"payload\":" + payload;
        return parse(
                "{\"request_id\":\""
                        + request
                        + "\",\"entity\":\""
                        + entity
                        + "\",\"key\":"
                        + key
                        + ",\"side\":\""
                        + side
                        + "\",\"event_time\":"
                        + time
                        + ","
                        + found
                        + "}");
    }

    static ReadEvent both(String request, long time, String oldPayload, String newPayload) {
        return parse(
                "{\"request_id\":\""
                        + request
                        + "\",\"entity\":\"customer\",\"key\":{\"id\":1},\"event_time\":"
                        + time
                        + ",\"old\":{\"found\":true,\"payload\":"
                        + oldPayload
                        + "},\"new\":{\"found\":true,\"payload\":"
                        + newPayload
                        + "}}");
    }

    static ReadEvent parse(String json) {
        ReadEvent event = ReadLogParser.parse(json.getBytes(StandardCharsets.UTF_8));
        if (event.problem != null) {
            throw new IllegalArgumentException(event.problem + ": " + json);
        }
        event.topic = "reads";
        return event;
    }
}
