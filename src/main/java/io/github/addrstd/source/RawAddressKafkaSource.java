package io.github.addrstd.source;

import io.github.addrstd.event.RawAddressRecord;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the Kafka source of raw address records. */
public final class RawAddressKafkaSource {

    private RawAddressKafkaSource() {}

    /**
     * @param bootstrapServers the Kafka bootstrap servers
     * @param topic the raw-address topic
     * @param groupId the consumer group (offsets are committed on checkpoints, for lag monitoring)
     * @param startingOffsets where to start without restored state
     */
    public static KafkaSource<RawAddressRecord> create(
            String bootstrapServers,
            String topic,
            String groupId,
            StartingOffsets startingOffsets) {
        OffsetsInitializer start =
                switch (startingOffsets) {
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                    case COMMITTED ->
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                };
        return KafkaSource.<RawAddressRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializationSchema())
                // Producers that write transactionally: only read what they committed.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }
}
