package io.github.addrstd.sink;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a {@link StandardizedRecord} as JSON (schema:
 * kafka/schemas/standardized-address.schema.json) to the output topic, keyed with the input
 * record's key so consumers can join on it.
 */
public final class StandardizedRecordSerializationSchema
        implements KafkaRecordSerializationSchema<StandardizedRecord> {

    private static final long serialVersionUID = 1L;

    /** Characters beyond the BMP (𠀀) as four UTF-8 bytes, not as escaped surrogate pairs. */
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                    .build();

    private final String topic;

    public StandardizedRecordSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            StandardizedRecord record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, record.request().key(), toJson(record));
    }

    /**
     * The JSON bytes of one output record, streamed field by field: the job's hot path, several
     * times cheaper than building a tree by data binding (and checked against it, field for field,
     * in StandardizedRecordJsonTest).
     */
    public static byte[] toJson(StandardizedRecord record) {
        AddressRequest request = record.request();
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", request.id());
            g.writeStringField("raw", request.address());
            g.writeArrayFieldStart("elements");
            for (AddressElement e : record.elements()) {
                g.writeStartObject();
                g.writeStringField("type", e.type());
                g.writeStringField("text", e.text());
                g.writeNumberField("start", e.start());
                g.writeNumberField("end", e.end());
                g.writeNumberField("score", Math.round(e.score() * 10000) / 10000.0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("standardized");
            writeStandardized(g, record.standardized());
            g.writeStringField("model_version", record.modelVersion());
            if (record.degradedReason() != null) {
                g.writeStringField("degraded_reason", record.degradedReason());
            }
            g.writeStringField(
                    "processed_at", Instant.ofEpochMilli(record.processedAt()).toString());
            g.writeObjectFieldStart("source");
            g.writeStringField("origin", request.origin());
            g.writeNumberField("timestamp", request.sourceTimestamp());
            g.writeEndObject();
            g.writeFieldName("passthrough");
            // Written as it was validated, not parsed again: its numbers and nesting stay exactly
            // as they came.
            if (request.passthroughJson() == null) {
                g.writeNull();
            } else {
                g.writeRawValue(request.passthroughJson());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize record " + request.id(), e);
        }
        return bytes.toByteArray();
    }

    private static void writeStandardized(JsonGenerator g, StandardizedAddress s)
            throws IOException {
        g.writeStartObject();
        writeUnit(g, "province", s.province());
        writeUnit(g, "city", s.city());
        writeUnit(g, "district", s.district());
        writeUnit(g, "town", s.town());
        g.writeObjectFieldStart("details");
        for (Map.Entry<String, String> d : s.details().entrySet()) {
            g.writeStringField(d.getKey(), d.getValue());
        }
        g.writeEndObject();
        g.writeStringField("full", s.full());
        if (s.adminText() == null) {
            g.writeNullField("adminText");
        } else {
            g.writeObjectFieldStart("adminText");
            g.writeStringField("written", s.adminText().written());
            g.writeStringField("canonical", s.adminText().canonical());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("contacts");
        for (StandardizedAddress.Contact c : s.contacts()) {
            g.writeStartObject();
            g.writeStringField("kind", c.kind().name());
            g.writeStringField("text", c.text());
            g.writeStringField("value", c.value());
            g.writeNumberField("start", c.start());
            g.writeNumberField("end", c.end());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("flags");
        for (StandardizedAddress.Flag f : s.flags()) {
            g.writeStartObject();
            g.writeStringField("kind", f.kind().name());
            g.writeStringField("level", f.level());
            g.writeStringField("written", f.written());
            g.writeStringField("detail", f.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("confidence", s.confidence());
        g.writeBooleanField("degraded", s.degraded());
        g.writeEndObject();
    }

    private static void writeUnit(JsonGenerator g, String field, StandardizedAddress.Unit unit)
            throws IOException {
        if (unit == null) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("code", unit.code());
        g.writeStringField("name", unit.name());
        g.writeEndObject();
    }
}
