package io.dualmigrate.shadow;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a mismatch record as JSON, keyed by request id so one request stays in one partition. */
public class MismatchRecordSerializer implements KafkaRecordSerializationSchema<ShadowOutcome> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public MismatchRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ShadowOutcome outcome, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                outcome.requestId.getBytes(StandardCharsets.UTF_8),
                OutcomeJson.bytes(OutcomeJson.mismatch(outcome)));
    }
}
