package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadLogParserTest {

    private static ReadEvent parse(String json) {
        return ReadLogParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOneSidePerEventWithEpochMillis() {
        ReadEvent e =
                parse(
                        "{\"request_id\":\"r1\",\"entity\":\"customer\",\"key\":{\"id\":7},"
                                + "\"side\":\"new\",\"event_time\":1714564800123,\"found\":true,"
                                + "\"version\":12,\"payload\":{\"b\":1.50,\"a\":\"x\"},"
                                + "\"latency_ms\":3}");
        assertThat(e.problem).isNull();
        assertThat(e.requestId).isEqualTo("r1");
        assertThat(e.entity).isEqualTo("customer");
        assertThat(e.key).isEqualTo("{\"id\":7}");
        assertThat(e.eventTime).isEqualTo(1714564800123L);
        assertThat(e.oldSide).isNull();
        assertThat(e.newSide.found).isTrue();
        assertThat(e.newSide.version).isEqualTo(12L);
        assertThat(e.newSide.latencyMs).isEqualTo(3L);
        assertThat(e.newSide.payload).isEqualTo("{\"a\":\"x\",\"b\":1.50}");
        assertThat(e.combined()).isFalse();
    }

    @Test
    void readsBothSidesInOneEventWithIsoTime() {
        ReadEvent e =
                parse(
                        "{\"request_id\":\"r2\",\"entity\":\"order\",\"key\":{\"b\":2,\"a\":1},"
                                + "\"event_time\":\"2024-05-01T14:00:00.5+02:00\","
                                + "\"old\":{\"found\":true,\"payload\":{\"x\":1}},"
                                + "\"new\":{\"found\":false,\"error\":null}}");
        assertThat(e.problem).isNull();
        assertThat(e.key).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(e.eventTime).isEqualTo(1714564800500L);
        assertThat(e.combined()).isTrue();
        assertThat(e.oldSide.payload).isEqualTo("{\"x\":1}");
        assertThat(e.newSide.found).isFalse();
        assertThat(e.newSide.payload).isNull();
    }

    @Test
    void aSideWithAnErrorNeedsNoFoundFlag() {
        ReadEvent e =
                parse(
                        "{\"request_id\":\"r3\",\"entity\":\"c\",\"key\":{\"id\":1},"
                                + "\"side\":\"old\",\"event_time\":1,\"error\":\"timeout\"}");
        assertThat(e.problem).isNull();
        assertThat(e.oldSide.error).isEqualTo("timeout");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all|not JSON",
                "[1,2]|not a JSON object",
                "{\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\",\"event_time\":1,"
                        + "\"found\":false}|'request_id' is missing",
                "{\"request_id\":5,\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":1,\"found\":false}|'request_id' must be a non-empty string",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{},\"side\":\"old\","
                        + "\"event_time\":1,\"found\":false}|'key' must be a non-empty object",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"mid\","
                        + "\"event_time\":1,\"found\":false}|unknown side",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":\"yesterday\",\"found\":false}|'event_time' must be",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":\"2024-05-01T12:00:00\",\"found\":false}|'event_time' must be",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":1,\"found\":\"yes\"}|'found' must be true or false",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":1}|'found' is missing",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":1,\"found\":true}|'payload' must be an object when found",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"side\":\"old\","
                        + "\"event_time\":1,\"found\":true,\"payload\":{},\"version\":\"3\"}"
                        + "|'version' must be an integer",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"event_time\":1,"
                        + "\"old\":{\"found\":false}}|'new' must be an object",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"event_time\":1,"
                        + "\"side\":\"old\",\"found\":false,\"old\":{}}|use one shape",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"event_time\":1}"
                        + "|has neither 'side' nor 'old' and 'new'",
                "{\"request_id\":\"r\",\"entity\":\"c\",\"key\":{\"id\":1},\"event_time\":1,"
                        + "\"old\":{\"found\":false},\"new\":{\"found\":true,\"payload\":1}}"
                        + "|'new.payload' must be an object when found",
            })
    void namesWhatIsWrong(String json, String expected) {
        ReadEvent e = parse(json);
        assertThat(e.problem).contains(expected);
        assertThat(e.raw).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyRecordIsMalformed() {
        assertThat(ReadLogParser.parse(new byte[0]).problem).isEqualTo("empty record");
        assertThat(ReadLogParser.parse(null).problem).isEqualTo("empty record");
    }

    @Test
    void parseErrorsDoNotQuoteTheRecord() {
        ReadEvent e = parse("{\"request_id\": \"r\", \"payload\": {\"email\": \"ann@example.com\"");
        assertThat(e.problem).startsWith("not JSON").doesNotContain("ann@example.com");
    }
}
