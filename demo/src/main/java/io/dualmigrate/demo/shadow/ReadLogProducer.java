package io.dualmigrate.demo.shadow;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated read-log records to a Kafka topic, to the partition and with the timestamp each
 * record names. A failed send fails the next call instead of being lost.
 */
public final class ReadLogProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public ReadLogProducer(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                ProducerConfig.BATCH_SIZE_CONFIG,
                                256 * 1024,
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "lz4"),
                        new StringSerializer(),
                        new ByteArraySerializer());
    }

    public void send(ReadLogRecord record) {
        rethrowFailure();
        producer.send(
                new ProducerRecord<>(
                        topic,
                        record.partition(),
                        record.timestamp(),
                        record.key(),
                        record.value()),
                (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    /** Waits until every record sent so far is acknowledged. */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void rethrowFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("sending to " + topic + " failed", e);
        }
    }
}
