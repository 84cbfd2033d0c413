package io.github.addrstd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.local.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * End to end on an in-process KRaft broker and a Flink MiniCluster, with the real default model.
 */
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

    /**
     * Exactly once across a failure: a TaskManager is killed while records stream in; the job
     * restarts from its last checkpoint on a new TaskManager (reloading the shared model), replays,
     * and every input record still comes out exactly once to read_committed consumers.
     */
    @Test
    void exactlyOnceAcrossATaskManagerFailure(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration conf = freshJobConfig();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new AddressStandardizationJob(conf).buildOnKafka(env);
        JobClient job = env.executeAsync("e2e-failover");
        int total = 600;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        List<String> addresses =
                Files.readAllLines(
                                Path.of("kafka/samples/raw-addresses.jsonl"),
                                StandardCharsets.UTF_8)
                        .stream()
                        .filter(l -> l.contains("\"hw-") || l.contains("\"syn-"))
                        .toList();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                String key = "f-" + i;
                String value =
                        addresses
                                .get(i % addresses.size())
                                .replaceFirst("\"id\": \"[^\"]*\"", "\"id\": \"" + key + "\"");
                producer.send(
                        new ProducerRecord<>(
                                conf.get(AddressJobOptions.INPUT_TOPIC),
                                key.getBytes(StandardCharsets.UTF_8),
                                value.getBytes(StandardCharsets.UTF_8)));
                if (i == total / 3) {
                    producer.flush();
                    Thread.sleep(2_500); // let a checkpoint commit part of the output
                    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
                    cluster.startTaskManager();
                }
                Thread.sleep(10);
            }
        }
        Map<String, List<Output>> outputs =
                readAll(
                        List.of(
                                conf.get(AddressJobOptions.OUTPUT_TOPIC),
                                conf.get(AddressJobOptions.DEAD_LETTER_TOPIC)),
                        total);
        job.cancel().get(30, TimeUnit.SECONDS);
        assertThat(outputs).hasSize(total);
        outputs.forEach((key, list) -> assertThat(list).as("outputs for %s", key).hasSize(1));
    }

    /**
     * The hostile corpus through the real job with restarts disabled: the job finishes (so nothing
     * failed it), every record comes out exactly once, in the topic its kind calls for, and no
     * input character is lost: a standardized record carries the address unchanged, a dead letter
     * the original bytes (or a prefix with the whole value's size and SHA-256).
     */
    @Test
    void everyHostileRecordIsAccountedForWithoutARestart() throws Exception {
        RecordLimits limits = RecordLimits.DEFAULTS;
        List<HostileCorpus.Case> corpus = HostileCorpus.build(limits);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        assertThat(corpus.stream().map(HostileCorpus.Case::kind)).doesNotHaveDuplicates();
        Map<String, byte[]> records = new LinkedHashMap<>();
        corpus.forEach(c -> records.put(new String(c.key(), StandardCharsets.UTF_8), c.value()));

        Map<String, List<Output>> outputs = runJob(records);

        assertThat(outputs.values().stream().mapToInt(List::size).sum()).isEqualTo(corpus.size());
        for (HostileCorpus.Case c : corpus) {
            String key =
                    c.key().length > limits.maxKeyBytes()
                            ? "sha256:"
                                    + HexFormat.of()
                                            .formatHex(
                                                    MessageDigest.getInstance("SHA-256")
                                                            .digest(c.key()))
                            : new String(c.key(), StandardCharsets.UTF_8);
            assertThat(outputs.get(key)).as("outputs of %s", c.kind()).hasSize(1);
            Output out = outputs.get(key).get(0);
            JsonNode v = out.value();
            boolean standardized = out.topic().startsWith("standardized-address");
            if (c.accepted() && standardized) {
                assertThat(v.get("raw").asText()).as(c.kind()).isEqualTo(c.address());
                continue;
            }
            assertThat(standardized).as("%s is dead-lettered", c.kind()).isFalse();
            assertThat(v.get("reason").asText())
                    .as(c.kind())
                    .isEqualTo(c.accepted() ? "UNRESOLVABLE" : c.reason().name());
            byte[] kept = Base64.getDecoder().decode(v.get("original_value_base64").asText());
            assertThat(v.get("original_size_bytes").asInt())
                    .as(c.kind())
                    .isEqualTo(c.value().length);
            assertThat(v.get("original_sha256").asText())
                    .as(c.kind())
                    .isEqualTo(
                            HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256")
                                                    .digest(c.value())));
            if (v.get("original_truncated").asBoolean()) {
                assertThat(c.value().length)
                        .as(c.kind())
                        .isGreaterThan(limits.deadLetterOriginalBytes());
                assertThat(kept).as(c.kind()).isEqualTo(Arrays.copyOf(c.value(), kept.length));
            } else {
                assertThat(kept).as(c.kind()).isEqualTo(c.value());
            }
        }
        assertThat(
                        outputs.get("hostile-megabyte-address")
                                .get(0)
                                .value()
                                .get("original_truncated")
                                .asBoolean())
                .isTrue();
        assertThat(
                        outputs.get("hostile-dead-letter-at-limit")
                                .get(0)
                                .value()
                                .get("original_truncated")
                                .asBoolean())
                .isFalse();
        assertThat(
                        outputs.get("hostile-dead-letter-past-limit")
                                .get(0)
                                .value()
                                .get("original_truncated")
                                .asBoolean())
                .isTrue();
        assertThat(outputs.get("hostile-id-beyond-64-bits").get(0).value().get("id").asText())
                .isEqualTo("123456789012345678901234567890");
        assertThat(
                        outputs.get("hostile-huge-exponent")
                                .get(0)
                                .value()
                                .at("/passthrough/x")
                                .asText())
                .isEqualTo("1E+999999");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitStopsTheJobAtStart() throws Exception {
        Configuration conf = freshJobConfig();
        conf.set(
                AddressJobOptions.TRANSACTION_TIMEOUT,
                java.time.Duration.ofHours(2)); // the broker allows 1 h
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new AddressStandardizationJob(conf).buildOnKafka(env))
                .hasMessageContaining("above the broker's transaction.max.timeout.ms (PT1H)");
    }

    @Test
    void everyRecordComesOutExactlyOnce() throws Exception {
        Map<String, byte[]> records = inputRecords();
        Map<String, List<Output>> outputs = runJob(records);
        assertEveryRecordExactlyOnce(records, outputs, "standardized-address");

        // Each broken record is dead-lettered for its own reason.
        assertThat(outputs.get("k-invalid-utf8").get(0).value().get("reason").asText())
                .isEqualTo("INVALID_UTF8");
        assertThat(outputs.get("k-empty-value").get(0).value().get("reason").asText())
                .isEqualTo("MALFORMED_JSON");
        assertThat(
                        outputs.values().stream()
                                .map(l -> l.get(0).value().path("reason").asText())
                                .filter(r -> !r.isEmpty()))
                .contains(
                        "MALFORMED_JSON",
                        "NOT_A_JSON_OBJECT",
                        "MISSING_ID",
                        "MISSING_ADDRESS",
                        "ADDRESS_NOT_STRING",
                        "EMPTY_ADDRESS",
                        "ADDRESS_TOO_LONG",
                        "INVALID_TEXT",
                        "INVALID_UTF8");
        // A typical address is standardized with codes, and unknown input fields are carried
        // through.
        Output hangzhou = outputs.get("k-0").get(0);
        assertThat(hangzhou.value().at("/standardized/district/code").asText()).isEqualTo("330110");
        assertThat(hangzhou.value().at("/passthrough/channel").asText()).isEqualTo("sample");
    }
}
