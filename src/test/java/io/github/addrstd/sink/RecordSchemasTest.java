package io.github.addrstd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.source.RecordValidator;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.Standardizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What the job writes follows the JSON Schemas published in kafka/schemas/, field for field. */
class RecordSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema(String file) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("kafka/schemas", file).toFile()));
    }

    private static AddressRequest request(String json) {
        return new RecordValidator(io.github.addrstd.event.RecordLimits.DEFAULTS)
                .validate(
                        new RawAddressRecord(
                                "k".getBytes(StandardCharsets.UTF_8),
                                json.getBytes(StandardCharsets.UTF_8),
                                "raw-address",
                                0,
                                7,
                                1_700_000_000_000L))
                .request();
    }

    @Test
    void standardizedRecordsFollowTheirSchema() throws Exception {
        JsonSchema schema = schema("standardized-address.schema.json");
        assertThat(schema.validate(JSON.readTree("{\"id\": \"x\", \"raw\": 5}")))
                .as("the schema rejects a broken record")
                .isNotEmpty();
        AddressRequest full =
                request(
                        "{\"id\":\"a1\",\"address\":\"浙江省杭州市下城区延安路528号B座12楼1203室\",\"x\":{\"y\":1}}");
        List<AddressElement> elements =
                List.of(
                        new AddressElement("prov", "浙江省", 0, 3, 0.99f),
                        new AddressElement("city", "杭州市", 3, 6, 0.98f),
                        new AddressElement("district", "下城区", 6, 9, 0.97f),
                        new AddressElement("road", "延安路", 9, 12, 0.99f),
                        new AddressElement("roadno", "528号", 12, 16, 0.99f),
                        new AddressElement("houseno", "B座", 16, 18, 0.9f),
                        new AddressElement("floorno", "12楼", 18, 21, 0.9f));
        Standardizer standardizer = new Standardizer(Gazetteer.getDefault());
        StandardizedAddress standardized =
                standardizer.standardize(full.address(), elements, false);
        assertValid(
                schema,
                StandardizedRecordSerializationSchema.toJson(
                        new StandardizedRecord(
                                full,
                                elements,
                                standardized,
                                "default-tagger-1.0",
                                null,
                                System.currentTimeMillis())));

        AddressRequest degraded = request("{\"id\":7,\"address\":\"朝阳区建国路\"}");
        assertValid(
                schema,
                StandardizedRecordSerializationSchema.toJson(
                        new StandardizedRecord(
                                degraded,
                                List.of(),
                                standardizer.standardize(degraded.address(), null, false),
                                "",
                                "MODEL_TIMEOUT: slow",
                                0L)));

        AddressRequest contacts =
                request("{\"id\":\"c\",\"address\":\"收件人张三 13800138000 浙江省杭州市余杭区文一西路969号\"}");
        StandardizedAddress withContacts =
                standardizer.standardize(contacts.address(), null, false);
        assertThat(withContacts.contacts()).hasSize(2);
        assertValid(
                schema,
                StandardizedRecordSerializationSchema.toJson(
                        new StandardizedRecord(
                                contacts, List.of(), withContacts, "", "MODEL_TIMEOUT: slow", 0L)));
    }

    @Test
    void deadLettersFollowTheirSchema() throws Exception {
        JsonSchema schema = schema("address-dead-letter.schema.json");
        for (FailureReason reason : FailureReason.values()) {
            assertValid(
                    schema,
                    DeadLetterSerializationSchema.toJson(
                            new DeadLetter(
                                    null,
                                    new byte[] {(byte) 0xC3, 0x28},
                                    reason,
                                    "detail",
                                    reason.ordinal() % 2 == 0 ? null : "id",
                                    "raw-address-0@1",
                                    5L),
                            io.github.addrstd.event.RecordLimits.DEFAULTS));
        }
    }

    @Test
    void sampleRecordsThatTheJobAcceptsFollowTheInputSchema() throws Exception {
        JsonSchema schema = schema("raw-address.schema.json");
        RecordValidator validator =
                new RecordValidator(io.github.addrstd.event.RecordLimits.DEFAULTS);
        int accepted = 0;
        for (String line :
                Files.readAllLines(
                        Path.of("kafka/samples/raw-addresses.jsonl"), StandardCharsets.UTF_8)) {
            RecordValidator.Result r =
                    validator.validate(
                            new RawAddressRecord(
                                    null, line.getBytes(StandardCharsets.UTF_8), "t", 0, 0, 0));
            if (r.request() != null) {
                assertValid(schema, line.getBytes(StandardCharsets.UTF_8));
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(300);
    }

    private static void assertValid(JsonSchema schema, byte[] json) throws Exception {
        JsonNode node = JSON.readTree(json);
        Set<ValidationMessage> errors = schema.validate(node);
        assertThat(errors).as(node.toString()).isEmpty();
    }
}
