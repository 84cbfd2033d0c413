package io.github.addrstd.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.local.EmbeddedKafkaBroker;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.source.RawRecordDeserializationSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The whole job against a real Kafka broker: produce the sample addresses plus broken records, run
 * the job to the end of the input, and read both output topics with read_committed. Subclasses say
 * where the broker comes from.
 */
abstract class EndToEndTestBase {

    /** One TaskManager with two slots: both subtasks of the tagging operator share one model. */
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .USE_BIG_DECIMAL_FOR_FLOATS);

    /** Bootstrap servers of a running broker. */
    abstract String bootstrapServers();

    /** The records produced: key -> value bytes (the key is unique per record). */
    static Map<String, byte[]> inputRecords() throws Exception {
        Map<String, byte[]> records = new HashMap<>();
        int n = 0;
        for (String line :
                Files.readAllLines(
                        Path.of("kafka/samples/raw-addresses.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.put("k-" + n++, line.getBytes(StandardCharsets.UTF_8));
            }
        }
        records.put(
                "k-invalid-utf8",
                new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        records.put("k-empty-value", new byte[0]);
        return records;
    }

    /** A job configuration on fresh topics (created), for this test's broker. */
    Configuration freshJobConfig() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Configuration conf = new Configuration();
        conf.set(AddressJobOptions.BOOTSTRAP_SERVERS, bootstrapServers());
        conf.set(AddressJobOptions.INPUT_TOPIC, "raw-address-" + suffix);
        conf.set(AddressJobOptions.OUTPUT_TOPIC, "standardized-address-" + suffix);
        conf.set(AddressJobOptions.DEAD_LETTER_TOPIC, "address-dlq-" + suffix);
        conf.set(AddressJobOptions.TRANSACTIONAL_ID_PREFIX, "e2e-" + suffix);
        conf.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        conf.set(AddressJobOptions.PARALLELISM, 2);
        conf.set(AddressJobOptions.BATCH_MAX_SIZE, 16);
        EmbeddedKafkaBroker.createTopics(
                bootstrapServers(),
                List.of(
                        conf.get(AddressJobOptions.INPUT_TOPIC),
                        conf.get(AddressJobOptions.OUTPUT_TOPIC),
                        conf.get(AddressJobOptions.DEAD_LETTER_TOPIC)),
                2,
                (short) 1);
        return conf;
    }

    /**
     * Runs the job over {@code records} and returns key -> (topic, value JSON) of everything it
     * wrote.
     */
    Map<String, List<Output>> runJob(Map<String, byte[]> records) throws Exception {
        Configuration conf = freshJobConfig();
        String suffix =
                conf.get(AddressJobOptions.TRANSACTIONAL_ID_PREFIX).substring("e2e-".length());

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> r : records.entrySet()) {
                producer.send(
                        new ProducerRecord<>(
                                conf.get(AddressJobOptions.INPUT_TOPIC),
                                null,
                                inputTimestamp(r.getKey()),
                                r.getKey().getBytes(StandardCharsets.UTF_8),
                                r.getValue()));
            }
        }

        KafkaSource<RawAddressRecord> source =
                KafkaSource.<RawAddressRecord>builder()
                        .setBootstrapServers(bootstrapServers())
                        .setTopics(conf.get(AddressJobOptions.INPUT_TOPIC))
                        .setGroupId("e2e-" + suffix)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setDeserializer(new RawRecordDeserializationSchema())
                        .build();
        // No restarts: a record that fails the job must fail the test, not be retried out of sight.
        Configuration envConf = new Configuration();
        envConf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(envConf);
        AddressStandardizationJob job = new AddressStandardizationJob(conf);
        job.build(env, source, job.standardizedKafkaSink(), job.deadLetterKafkaSink());
        JobExecutionResult result = env.execute("e2e-" + suffix);
        assertThat(result.getJobID()).isNotNull();

        return readAll(
                List.of(
                        conf.get(AddressJobOptions.OUTPUT_TOPIC),
                        conf.get(AddressJobOptions.DEAD_LETTER_TOPIC)),
                records.size());
    }

    /**
     * The timestamp each input record is written with: an hour back, a second apart by key, so that
     * an output carrying any other time (the sink's clock, none) shows.
     */
    private final long timestampBase = System.currentTimeMillis() - 3_600_000L;

    long inputTimestamp(String key) {
        return timestampBase + Math.floorMod(key.hashCode(), 1_000) * 1_000L;
    }

    /** One record read back, with its Kafka timestamp. */
    record Output(String topic, JsonNode value, long timestamp) {}

    Map<String, List<Output>> readAll(List<String> topics, int expected) throws Exception {
        Map<String, List<Output>> byKey = new HashMap<>();
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                EmbeddedKafkaBroker.readCommittedConsumer(bootstrapServers(), "e2e-reader")) {
            consumer.subscribe(topics);
            // Read until the expected count arrived and a further quiet period shows no duplicates
            // follow.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    byKey.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Output(r.topic(), JSON.readTree(r.value()), r.timestamp()));
                    seen++;
                }
                if (seen >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return byKey;
    }

    /**
     * The assertions users care about: every record exactly once, in the right topic, with its
     * fields.
     */
    void assertEveryRecordExactlyOnce(
            Map<String, byte[]> records, Map<String, List<Output>> outputs, String outTopicPrefix) {
        assertThat(outputs.keySet()).containsExactlyInAnyOrderElementsOf(records.keySet());
        outputs.forEach((key, list) -> assertThat(list).as("outputs for key %s", key).hasSize(1));

        int standardized = 0;
        int deadLettered = 0;
        for (Map.Entry<String, List<Output>> e : outputs.entrySet()) {
            Output out = e.getValue().get(0);
            JsonNode v = out.value();
            // consumers measure lag from it: the output keeps its input's time
            assertThat(out.timestamp())
                    .as("timestamp of %s", e.getKey())
                    .isEqualTo(inputTimestamp(e.getKey()));
            if (out.topic().startsWith(outTopicPrefix)) {
                standardized++;
                assertThat(v.get("id").asText()).isNotBlank();
                assertThat(v.get("raw").asText()).isNotBlank();
                assertThat(v.get("elements").isArray()).isTrue();
                assertThat(v.get("standardized").get("full").asText()).isNotBlank();
                assertThat(v.get("model_version").asText())
                        .isEqualTo(
                                ModelDirectory.open(Path.of("model/default")).metadata().version());
                assertThat(v.get("processed_at").asText()).contains("T");
                assertThat(v.get("passthrough").isObject()).isTrue();
            } else {
                deadLettered++;
                assertThat(v.get("reason").asText()).isNotBlank();
                assertThat(v.get("stage").asText()).isNotBlank();
                assertThat(v.get("original_value_base64").asText())
                        .isEqualTo(
                                java.util.Base64.getEncoder()
                                        .encodeToString(records.get(e.getKey())));
            }
        }
        assertThat(standardized).isGreaterThanOrEqualTo(290);
        assertThat(deadLettered).isEqualTo(11);
    }
}
