package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.dualmigrate.config.EntityRules;
import io.dualmigrate.config.ShadowOptions.RedactionMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sensitive values named in the configuration never reach an output or a log line: every record
 * kind the job writes is built from events full of them, with logging at its most verbose.
 */
class SensitiveFieldsTest {

    private static final String EMAIL = "ann.secret@example.com";
    private static final String STREET = "Secret Street 7";
    private static final String SSN = "123-45-6789";

    private final List<String> logLines = new ArrayList<>();
    private AbstractAppender appender;
    private Map<String, Level> levels;

    @BeforeEach
    void captureAllLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender =
                new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        StringBuilder line =
                                new StringBuilder(event.getMessage().getFormattedMessage());
                        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                            line.append(" | ").append(t);
                        }
                        synchronized (logLines) {
                            logLines.add(line.toString());
                        }
                    }
                };
        appender.start();
        levels = new java.util.HashMap<>();
        for (LoggerConfig logger : config.getLoggers().values()) {
            levels.put(logger.getName(), logger.getLevel());
            logger.setLevel(Level.ALL);
            logger.addAppender(appender, Level.ALL, null);
        }
        context.updateLoggers();
    }

    @AfterEach
    void restoreLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (LoggerConfig logger : context.getConfiguration().getLoggers().values()) {
            logger.removeAppender("capture");
            logger.setLevel(levels.get(logger.getName()));
        }
        context.updateLoggers();
        appender.stop();
    }

    private static Comparison comparison(RedactionMode mode) {
        EntityRules customer =
                new EntityRules(
                        "customer",
                        Set.of(),
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        Set.of(),
                        Set.of(),
                        false,
                        Set.of("address.street", "ssn"),
                        null);
        return new Comparison(Map.of("customer", customer), Set.of("email"), mode, 2000);
    }

    private static String payload(String name) {
        return "{\"name\":\""
                + name
                + "\",\"email\":\""
                + EMAIL
                + "\",\"address\":{\"street\":\""
                + STREET
                + "\",\"city\":\"Oslo\"},\"ssn\":\""
                + SSN
                + "\"}";
    }

    private static ReadEvent raw(String json) {
        ReadEvent event = ReadLogParser.parse(json.getBytes(StandardCharsets.UTF_8));
        event.topic = "reads";
        return event;
    }

    @Test
    void hashedValuesNeverReachAnOutputOrALog() throws Exception {
        List<String> written = runEverything(comparison(RedactionMode.HASH));
        assertThat(logLines).as("log lines captured").isNotEmpty();
        assertNothingSensitive(written);
        assertThat(String.join("\n", written)).contains("sha256:");
    }

    @Test
    void droppedValuesNeverReachAnOutputOrALog() throws Exception {
        List<String> written = runEverything(comparison(RedactionMode.DROP));
        assertNothingSensitive(written);
        assertThat(String.join("\n", written)).doesNotContain("\"email\"").contains("Oslo");
    }

    private void assertNothingSensitive(List<String> written) {
        List<String> everything = new ArrayList<>(written);
        synchronized (logLines) {
            everything.addAll(logLines);
        }
        for (String secret : List.of(EMAIL, STREET, SSN)) {
            assertThat(everything).noneMatch(line -> line.contains(secret));
        }
        assertThat(written).anyMatch(line -> line.contains("VALUE_MISMATCH"));
        assertThat(written).anyMatch(line -> line.contains("\"kind\":\"late\""));
        assertThat(written).anyMatch(line -> line.contains("\"kind\":\"malformed\""));
        assertThat(written).anyMatch(line -> line.contains("\"kind\":\"duplicate\""));
    }

    /** Runs mismatching, unpaired, late, duplicate and malformed events; returns every output. */
    private List<String> runEverything(Comparison comparison) throws Exception {
        List<String> written = new ArrayList<>();
        List<ReadEvent> events =
                List.of(
                        Events.side("r1", "old", 1_000, payload("Ann")),
                        Events.side("r1", "new", 1_100, payload("Anne")),
                        Events.side("r2", "old", 1_000, payload("Bob")),
                        Events.side("r2", "old", 1_200, payload("Bob")),
                        Events.both("r3", 1_000, payload("Cy"), payload("Cyd")),
                        Events.side(
                                "r4",
                                "customer",
                                "{\"email\":\"" + EMAIL + "\"}",
                                "old",
                                1_000,
                                payload("Di")),
                        raw(
                                "{\"request_id\":\"r5\",\"entity\":\"customer\",\"key\":{\"id\":5},"
                                        + "\"side\":\"sideways\",\"event_time\":1000,\"found\":true,"
                                        + "\"payload\":"
                                        + payload("Ed")
                                        + "}"),
                        raw("{\"request_id\":\"r6\",\"payload\":{\"email\":\"" + EMAIL + "\"}}"));
        try (var reject =
                        new OneInputStreamOperatorTestHarness<>(
                                new ProcessOperator<>(new RejectMalformed(comparison)));
                var pairing =
                        new KeyedOneInputStreamOperatorTestHarness<
                                String, ReadEvent, ShadowOutcome>(
                                new KeyedProcessOperator<>(
                                        new PairingFunction(comparison, Duration.ofSeconds(5))),
                                e -> e.requestId,
                                Types.STRING)) {
            reject.open();
            pairing.open();
            for (ReadEvent event : events) {
                reject.processElement(event, 0);
            }
            for (ReadEvent good : reject.extractOutputValues()) {
                pairing.processElement(good, good.eventTime);
            }
            pairing.processWatermark(100_000);
            pairing.processElement(Events.side("r7", "old", 2_000, payload("Late")), 2_000);

            List<DeadLetter> letters = new ArrayList<>();
            reject.getSideOutput(PairingFunction.DEAD_LETTERS)
                    .forEach(r -> letters.add(r.getValue()));
            pairing.getSideOutput(PairingFunction.DEAD_LETTERS)
                    .forEach(r -> letters.add(r.getValue()));
            for (DeadLetter letter : letters) {
                String json = OutcomeJson.deadLetter(letter).toString();
                written.add(json);
                written.add(
                        new String(
                                Base64.getDecoder()
                                        .decode(Classifier.tree(json).get("raw_base64").asText()),
                                StandardCharsets.UTF_8));
            }
            for (ShadowOutcome outcome : pairing.extractOutputValues()) {
                written.add(OutcomeJson.mismatch(outcome).toString());
                written.add(
                        OutcomeJson.mismatch(
                                        RereadFunction.confirmed(
                                                outcome, Classification.of(Category.MATCH)))
                                .toString());
                written.add(OutcomeJson.mismatch(RereadFunction.failed(outcome)).toString());
                written.add(String.valueOf(outcome));
            }
            assertThat(pairing.extractOutputValues())
                    .extracting(o -> o.category)
                    .contains(Category.VALUE_MISMATCH, Category.UNPAIRED);
            assertThat(
                            pairing.getSideOutput(PairingFunction.DEAD_LETTERS).stream()
                                    .map(StreamRecord::getValue)
                                    .map(d -> d.kind))
                    .contains("late", "duplicate");
        }
        return written;
    }
}
