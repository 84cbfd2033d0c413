package io.github.addrstd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.local.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code flink-conf/config.yaml} as shipped, on a real cluster: a JobManager and a TaskManager as
 * OS processes started the way the distribution's scripts start them (memory settings through
 * Flink's own BashJavaUtils), the job submitted as a jar. Only ports and the checkpoint/savepoint
 * directories are set by the harness. Proves the memory settings are accepted as documented,
 * checkpoints and savepoints land where configured, every process serves the Prometheus reporter,
 * and the restart strategy is the documented one.
 */
class ClusterConfigITCase {

    @Test
    void theShippedConfigurationRunsTheJobOnARealCluster() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(1, Map.of())) {
            List<String> topics = List.of("cfg-raw", "cfg-out", "cfg-dlq");
            EmbeddedKafkaBroker.createTopics(broker.bootstrapServers(), topics, 2, (short) 1);

            // Memory and slots as config.yaml says: 6 GB process, 2 GB task off-heap, no managed
            // memory, 4 slots.
            JsonNode tm = cluster.get("/taskmanagers").path("taskmanagers").get(0);
            assertThat(tm.path("slotsNumber").asInt()).isEqualTo(4);
            JsonNode memory =
                    cluster.get("/taskmanagers/" + tm.path("id").asText())
                            .path("memoryConfiguration");
            assertThat(memory.path("totalProcessMemory").asLong()).isEqualTo(6L << 30);
            assertThat(memory.path("taskOffHeap").asLong()).isEqualTo(2L << 30);
            assertThat(memory.path("managedMemory").asLong()).isZero();
            assertThat(memory.path("taskHeap").asLong())
                    .as("task heap left for 4 slots")
                    .isGreaterThan(1L << 30);

            Map<String, String> jmConfig = new HashMap<>();
            cluster.get("/jobmanager/config")
                    .forEach(e -> jmConfig.put(e.path("key").asText(), e.path("value").asText()));
            assertThat(jmConfig)
                    .containsEntry("restart-strategy.type", "exponential-delay")
                    .containsEntry("restart-strategy.exponential-delay.initial-backoff", "1s")
                    .containsEntry("restart-strategy.exponential-delay.max-backoff", "1min")
                    .containsEntry("state.backend.type", "hashmap");

            String jobId =
                    cluster.submitAddressJob(
                            broker.bootstrapServers(),
                            topics,
                            List.of("--checkpoint.interval", "2 s", "--job-name", "config-check"));
            cluster.awaitAllTasksRunning(jobId, Duration.ofMinutes(3));
            produce(broker.bootstrapServers(), topics.get(0));

            // Checkpoints land in execution.checkpointing.dir.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (cluster.get("/jobs/" + jobId + "/checkpoints")
                            .path("counts")
                            .path("completed")
                            .asInt()
                    < 2) {
                assertThat(System.nanoTime())
                        .as("two completed checkpoints within 2 minutes")
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            Path checkpoints = cluster.workDir().resolve("checkpoints").resolve(jobId);
            try (Stream<Path> chk = Files.list(checkpoints)) {
                assertThat(chk.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("chk-"));
            }

            // A savepoint without a target goes to execution.checkpointing.savepoint-dir.
            String trigger =
                    cluster.post("/jobs/" + jobId + "/savepoints", Map.of("cancel-job", false))
                            .path("request-id")
                            .asText();
            JsonNode savepoint;
            deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            do {
                Thread.sleep(500);
                savepoint = cluster.get("/jobs/" + jobId + "/savepoints/" + trigger);
                assertThat(System.nanoTime()).as("savepoint within 2 minutes").isLessThan(deadline);
            } while (!"COMPLETED".equals(savepoint.path("status").path("id").asText()));
            String location = savepoint.path("operation").path("location").asText();
            assertThat(location)
                    .as(savepoint.toString())
                    .startsWith(
                            cluster.workDir()
                                    .resolve("savepoints")
                                    .toUri()
                                    .toString()
                                    .replace("file:///", "file:/"));

            // Every process serves the reporter, on a port of the configured range.
            List<String> scraped = new ArrayList<>();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int port = 9249; port <= 9259; port++) {
                try {
                    String body =
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + port
                                                                            + "/metrics"))
                                                    .timeout(Duration.ofSeconds(5))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body();
                    if (body.contains("flink_jobmanager_")) {
                        scraped.add("jobmanager");
                    }
                    if (body.contains("flink_taskmanager_job_task_operator_")) {
                        scraped.add("taskmanager");
                    }
                } catch (Exception e) {
                    // nothing on this port
                }
            }
            assertThat(scraped).contains("jobmanager", "taskmanager");
            cluster.cancel(jobId);
        }
    }

    private static void produce(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                "k" + i,
                                "{\"id\":\"cfg-"
                                        + i
                                        + "\",\"address\":\"浙江省杭州市余杭区文一西路"
                                        + (i + 1)
                                        + "号\"}"));
            }
        }
    }
}
