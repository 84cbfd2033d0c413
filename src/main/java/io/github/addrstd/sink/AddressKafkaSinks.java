package io.github.addrstd.sink;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.StandardizedRecord;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.time.Duration;

/**
 * Builds the exactly-once Kafka sinks: transactions are committed when a checkpoint completes, so
 * consumers must read with {@code isolation.level=read_committed}.
 */
public final class AddressKafkaSinks {

    /**
     * What both sinks share.
     *
     * @param bootstrapServers the Kafka bootstrap servers
     * @param transactionalIdPrefix unique per job writing these topics; each sink appends its own
     *     suffix
     * @param transactionTimeout at most the broker's {@code transaction.max.timeout.ms}
     */
    public record Settings(
            String bootstrapServers, String transactionalIdPrefix, Duration transactionTimeout) {}

    private AddressKafkaSinks() {}

    public static KafkaSink<StandardizedRecord> standardized(Settings settings, String topic) {
        return sink(settings, new StandardizedRecordSerializationSchema(topic), "-out");
    }

    public static KafkaSink<DeadLetter> deadLetters(
            Settings settings, String topic, RecordLimits limits) {
        return sink(settings, new DeadLetterSerializationSchema(topic, limits), "-dlq");
    }

    private static <T> KafkaSink<T> sink(
            Settings settings, KafkaRecordSerializationSchema<T> schema, String suffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix() + suffix)
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(settings.transactionTimeout().toMillis()))
                // Explicit, and the bound RecordLimits keeps every written record under.
                .setProperty("max.request.size", String.valueOf(1024 * 1024))
                // Larger, fuller batches: read_committed consumers see the records at the
                // checkpoint's commit anyway, so lingering costs no visible latency, and fewer
                // requests cost the producer and the broker less CPU a record (README, Benchmarks).
                .setProperty("batch.size", String.valueOf(256 * 1024))
                .setProperty("linger.ms", "20")
                .build();
    }
}
