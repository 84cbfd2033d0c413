package io.github.addrstd.sink;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.job.AddressJobOptions;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * Builds the exactly-once Kafka sinks: transactions are committed when a checkpoint completes, so
 * consumers must read with {@code isolation.level=read_committed}.
 */
public final class AddressKafkaSinks {

    private AddressKafkaSinks() {}

    public static KafkaSink<StandardizedRecord> standardized(Configuration conf) {
        return sink(conf, new StandardizedRecordSerializationSchema(conf.get(AddressJobOptions.OUTPUT_TOPIC)), "-out");
    }

    public static KafkaSink<DeadLetter> deadLetters(Configuration conf) {
        return sink(conf, new DeadLetterSerializationSchema(
                conf.get(AddressJobOptions.DEAD_LETTER_TOPIC), AddressJobOptions.recordLimits(conf)), "-dlq");
    }

    private static <T> KafkaSink<T> sink(Configuration conf, KafkaRecordSerializationSchema<T> schema, String suffix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(conf.get(AddressJobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(AddressJobOptions.transactionalIdPrefix(conf) + suffix)
                .setProperty("transaction.timeout.ms",
                        String.valueOf(conf.get(AddressJobOptions.TRANSACTION_TIMEOUT).toMillis()))
                // Explicit, and the bound RecordLimits keeps every written record under.
                .setProperty("max.request.size", String.valueOf(1024 * 1024))
                .build();
    }
}
