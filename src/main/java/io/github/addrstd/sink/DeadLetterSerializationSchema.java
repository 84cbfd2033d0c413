package io.github.addrstd.sink;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.StrictUtf8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes a {@link DeadLetter} as JSON (schema: kafka/schemas/address-dead-letter.schema.json): the
 * original bytes in base64 (and as text when they are valid UTF-8), their size and SHA-256, the
 * reason, the stage and where the record came from. The Kafka key is the input record's key.
 *
 * <p>Bounded whatever the input: an original value above {@code dead-letter.max-original-bytes} is
 * kept as a prefix (cut at a character boundary) with {@code original_truncated: true}, a key above
 * {@code max-key-bytes} is replaced by {@code sha256:<hex>}, and the detail is cut at {@value
 * #MAX_DETAIL_CHARS} characters. A dead letter can never be too large for Kafka.
 */
public final class DeadLetterSerializationSchema
        implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_DETAIL_CHARS = 1000;

    private final String topic;
    private final RecordLimits limits;

    public DeadLetterSerializationSchema(String topic, RecordLimits limits) {
        this.topic = topic;
        this.limits = limits;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic, null, timestamp, boundedKey(record.key()), toJson(record, limits));
    }

    private byte[] boundedKey(byte[] key) {
        if (key == null || key.length <= limits.maxKeyBytes()) {
            return key;
        }
        return ("sha256:" + sha256(key)).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] toJson(DeadLetter record, RecordLimits limits) {
        ObjectNode root = JSON.createObjectNode();
        if (record.id() != null) {
            root.put("id", record.id());
        } else {
            root.putNull("id");
        }
        root.put("reason", record.reason().name());
        root.put("stage", record.reason().stage().name());
        String detail = record.detail() == null ? "" : record.detail();
        root.put(
                "detail",
                detail.length() <= MAX_DETAIL_CHARS
                        ? detail
                        : detail.substring(0, MAX_DETAIL_CHARS) + "…");
        byte[] original = record.originalValue() == null ? new byte[0] : record.originalValue();
        byte[] kept =
                original.length <= limits.deadLetterOriginalBytes()
                        ? original
                        : Arrays.copyOf(
                                original, utf8Boundary(original, limits.deadLetterOriginalBytes()));
        String text = utf8OrNull(kept);
        if (text != null) {
            root.put("original_value", text);
        }
        root.put("original_value_base64", Base64.getEncoder().encodeToString(kept));
        root.put("original_truncated", kept.length < original.length);
        root.put("original_size_bytes", original.length);
        root.put("original_sha256", sha256(original));
        if (record.key() != null && record.key().length > limits.maxKeyBytes()) {
            root.put("original_key_size_bytes", record.key().length);
        }
        root.put("source", record.origin());
        root.put("source_timestamp", record.sourceTimestamp());
        root.put("failed_at", Instant.now().toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize dead letter", e);
        }
    }

    /**
     * The largest length ≤ max that does not cut a UTF-8 sequence in two (a no-op for other bytes).
     */
    static int utf8Boundary(byte[] bytes, int max) {
        int end = max;
        // Step back over continuation bytes (10xxxxxx), at most three, to the start of a sequence.
        for (int i = 0; i < 3 && end > 0 && (bytes[end] & 0xC0) == 0x80; i++) {
            end--;
        }
        return end;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StrictUtf8.decode(bytes);
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
