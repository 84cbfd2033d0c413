package io.github.addrstd.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.addrstd.event.DeadLetter;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Writes a {@link DeadLetter} as JSON (schema: kafka/schemas/address-dead-letter.schema.json): the
 * original bytes in base64 (and as text when they are valid UTF-8), the reason, the stage and where
 * the record came from. The Kafka key is the input record's key.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;

    public DeadLetterSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, record.key(), toJson(record));
    }

    public static byte[] toJson(DeadLetter record) {
        ObjectNode root = JSON.createObjectNode();
        if (record.id() != null) {
            root.put("id", record.id());
        } else {
            root.putNull("id");
        }
        root.put("reason", record.reason().name());
        root.put("stage", record.reason().stage().name());
        root.put("detail", record.detail());
        String text = utf8OrNull(record.originalValue());
        if (text != null) {
            root.put("original_value", text);
        }
        root.put("original_value_base64", Base64.getEncoder().encodeToString(record.originalValue()));
        root.put("source", record.origin());
        root.put("source_timestamp", record.sourceTimestamp());
        root.put("failed_at", Instant.now().toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize dead letter", e);
        }
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
