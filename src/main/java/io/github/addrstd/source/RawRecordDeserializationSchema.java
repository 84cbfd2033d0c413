package io.github.addrstd.source;

import io.github.addrstd.event.RawAddressRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps each Kafka record as bytes plus its coordinates. Parsing happens in the next operator, so a
 * record that is not even valid UTF-8 still reaches the dead-letter topic instead of failing the
 * source.
 */
public final class RawRecordDeserializationSchema
        implements KafkaRecordDeserializationSchema<RawAddressRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<RawAddressRecord> out) {
        out.collect(
                new RawAddressRecord(
                        record.key(),
                        record.value() == null ? new byte[0] : record.value(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp()));
    }

    @Override
    public TypeInformation<RawAddressRecord> getProducedType() {
        return TypeInformation.of(RawAddressRecord.class);
    }
}
