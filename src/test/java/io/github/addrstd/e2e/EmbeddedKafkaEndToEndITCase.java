package io.github.addrstd.e2e;

import io.github.addrstd.local.EmbeddedKafkaBroker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** End to end on an in-process KRaft broker and a Flink MiniCluster, with the real default model. */
class EmbeddedKafkaEndToEndITCase extends EndToEndTestBase {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Test
    void everyRecordComesOutExactlyOnce() throws Exception {
        Map<String, byte[]> records = inputRecords();
        Map<String, List<Output>> outputs = runJob(records);
        assertEveryRecordExactlyOnce(records, outputs, "standardized-address");

        // Each broken record is dead-lettered for its own reason.
        assertThat(outputs.get("k-invalid-utf8").get(0).value().get("reason").asText()).isEqualTo("INVALID_UTF8");
        assertThat(outputs.get("k-empty-value").get(0).value().get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(outputs.values().stream().map(l -> l.get(0).value().path("reason").asText()).filter(r -> !r.isEmpty()))
                .contains("MALFORMED_JSON", "NOT_A_JSON_OBJECT", "MISSING_ID", "MISSING_ADDRESS", "ADDRESS_NOT_STRING",
                        "EMPTY_ADDRESS", "ADDRESS_TOO_LONG", "INVALID_TEXT", "INVALID_UTF8");
        // A typical address is standardized with codes, and unknown input fields are carried through.
        Output hangzhou = outputs.get("k-0").get(0);
        assertThat(hangzhou.value().at("/standardized/district/code").asText()).isEqualTo("330110");
        assertThat(hangzhou.value().at("/passthrough/channel").asText()).isEqualTo("sample");
    }
}
