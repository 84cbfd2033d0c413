package io.github.addrstd.source;

import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.job.AddressJobOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the Kafka source of raw address records from the job configuration. */
public final class RawAddressKafkaSource {

    private RawAddressKafkaSource() {}

    public static KafkaSource<RawAddressRecord> create(Configuration conf) {
        OffsetsInitializer start = switch (conf.get(AddressJobOptions.STARTING_OFFSETS)) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        return KafkaSource.<RawAddressRecord>builder()
                .setBootstrapServers(conf.get(AddressJobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(AddressJobOptions.INPUT_TOPIC))
                .setGroupId(conf.get(AddressJobOptions.GROUP_ID))
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializationSchema())
                // Producers that write transactionally: only read what they committed.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }
}
