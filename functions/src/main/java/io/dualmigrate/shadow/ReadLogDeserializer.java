package io.dualmigrate.shadow;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads each Kafka record into a {@link ReadEvent} and never throws: a record that is not a
 * read-log event comes out with its problem set, its bytes and its coordinates, and becomes a dead
 * letter downstream instead of failing the job.
 */
public class ReadLogDeserializer implements KafkaRecordDeserializationSchema<ReadEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ReadEvent> out) {
        ReadEvent event = ReadLogParser.parse(record.value());
        event.topic = record.topic();
        event.partition = record.partition();
        event.offset = record.offset();
        out.collect(event);
    }

    @Override
    public TypeInformation<ReadEvent> getProducedType() {
        return TypeInformation.of(ReadEvent.class);
    }
}
