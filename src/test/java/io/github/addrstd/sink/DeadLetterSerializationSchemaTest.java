package io.github.addrstd.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RecordLimits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

class DeadLetterSerializationSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMegabyteRecordBecomesABoundedDeadLetterWithItsSizeAndHash() throws Exception {
        String address = "浙".repeat(333_333) + "x";
        byte[] original =
                ("{\"id\":\"big\",\"address\":\"" + address + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
        DeadLetter letter =
                new DeadLetter(
                        "k".getBytes(StandardCharsets.UTF_8),
                        original,
                        FailureReason.RECORD_TOO_LARGE,
                        "x".repeat(5000),
                        null,
                        "raw-address-0@9",
                        1L);

        byte[] json = DeadLetterSerializationSchema.toJson(letter, RecordLimits.DEFAULTS);

        assertThat(json.length).isLessThan(100 * 1024);
        JsonNode v = JSON.readTree(json);
        assertThat(v.get("original_truncated").asBoolean()).isTrue();
        assertThat(v.get("original_size_bytes").asInt()).isEqualTo(original.length);
        assertThat(v.get("original_sha256").asText())
                .isEqualTo(DeadLetterSerializationSchema.sha256(original));
        byte[] kept = Base64.getDecoder().decode(v.get("original_value_base64").asText());
        assertThat(kept.length)
                .isLessThanOrEqualTo(RecordLimits.DEFAULTS.deadLetterOriginalBytes());
        assertThat(kept).isEqualTo(Arrays.copyOf(original, kept.length));
        // Cut at a character boundary: the prefix is still text, the start of the original's text.
        assertThat(new String(original, StandardCharsets.UTF_8))
                .startsWith(v.get("original_value").asText());
        assertThat(v.get("detail").asText())
                .hasSize(DeadLetterSerializationSchema.MAX_DETAIL_CHARS + 1);
    }

    @Test
    void aSmallRecordIsKeptWhole() throws Exception {
        byte[] original = "{\"id\": 1}".getBytes(StandardCharsets.UTF_8);
        JsonNode v =
                JSON.readTree(
                        DeadLetterSerializationSchema.toJson(
                                new DeadLetter(
                                        null,
                                        original,
                                        FailureReason.MISSING_ADDRESS,
                                        "d",
                                        "1",
                                        "t-0@0",
                                        0L),
                                RecordLimits.DEFAULTS));
        assertThat(v.get("original_truncated").asBoolean()).isFalse();
        assertThat(v.get("original_value").asText()).isEqualTo("{\"id\": 1}");
        assertThat(Base64.getDecoder().decode(v.get("original_value_base64").asText()))
                .isEqualTo(original);
    }

    @Test
    void anOversizedKeyIsReplacedByItsHash() {
        byte[] key = new byte[5000];
        DeadLetterSerializationSchema schema =
                new DeadLetterSerializationSchema("dlq", RecordLimits.DEFAULTS);
        ProducerRecord<byte[], byte[]> record =
                schema.serialize(
                        new DeadLetter(
                                key,
                                new byte[] {'x'},
                                FailureReason.KEY_TOO_LONG,
                                "d",
                                null,
                                "t-0@0",
                                0L),
                        null,
                        0L);
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("sha256:" + DeadLetterSerializationSchema.sha256(key));
    }

    @Test
    void utf8BoundaryNeverSplitsACharacter() {
        byte[] text = "a浙江".getBytes(StandardCharsets.UTF_8); // a, then two 3-byte characters
        assertThat(DeadLetterSerializationSchema.utf8Boundary(text, 1)).isEqualTo(1);
        assertThat(DeadLetterSerializationSchema.utf8Boundary(text, 2)).isEqualTo(1);
        assertThat(DeadLetterSerializationSchema.utf8Boundary(text, 3)).isEqualTo(1);
        assertThat(DeadLetterSerializationSchema.utf8Boundary(text, 4)).isEqualTo(4);
    }

    @Test
    void limitsThatCouldOverflowKafkaAreRefusedAtStart() {
        assertThatThrownBy(() -> new RecordLimits(256, 1024 * 1024, 1024, 256, 16 * 1024))
                .hasMessageContaining("max-record-bytes")
                .hasMessageContaining("lower them");
        assertThatThrownBy(() -> new RecordLimits(256, 1024, 1024, 256, 512 * 1024))
                .hasMessageContaining("dead-letter.max-original-bytes");
    }
}
