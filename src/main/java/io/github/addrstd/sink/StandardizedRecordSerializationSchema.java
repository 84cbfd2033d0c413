package io.github.addrstd.sink;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.StandardizedRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes a {@link StandardizedRecord} as JSON (schema:
 * kafka/schemas/standardized-address.schema.json) to the output topic, keyed with the input
 * record's key so consumers can join on it.
 */
public final class StandardizedRecordSerializationSchema
        implements KafkaRecordSerializationSchema<StandardizedRecord> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;

    public StandardizedRecordSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            StandardizedRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, record.request().key(), toJson(record));
    }

    /** The JSON bytes of one output record. */
    public static byte[] toJson(StandardizedRecord record) {
        AddressRequest request = record.request();
        ObjectNode root = JSON.createObjectNode();
        root.put("id", request.id());
        root.put("raw", request.address());
        ArrayNode elements = root.putArray("elements");
        for (AddressElement e : record.elements()) {
            elements.addObject()
                    .put("type", e.type())
                    .put("text", e.text())
                    .put("start", e.start())
                    .put("end", e.end())
                    .put("score", Math.round(e.score() * 10000) / 10000.0);
        }
        root.set("standardized", JSON.valueToTree(record.standardized()));
        root.put("model_version", record.modelVersion());
        if (record.degradedReason() != null) {
            root.put("degraded_reason", record.degradedReason());
        }
        root.put("processed_at", Instant.ofEpochMilli(record.processedAt()).toString());
        ObjectNode source = root.putObject("source");
        source.put("origin", request.origin());
        source.put("timestamp", request.sourceTimestamp());
        try {
            // Written as it was validated, not parsed again: its numbers and nesting stay exactly
            // as they came.
            root.putRawValue("passthrough", new RawValue(request.passthroughJson()));
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize record " + request.id(), e);
        }
    }
}
