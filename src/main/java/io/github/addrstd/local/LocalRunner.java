package io.github.addrstd.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.sink.AddressKafkaSinks;
import io.github.addrstd.source.RawAddressKafkaSource;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole product on one machine: a real KRaft Kafka broker (unless
 * {@code --bootstrap-servers} points at one), the topics, the job on a local Flink cluster with its
 * web UI and Prometheus endpoint, a producer replaying the sample addresses, and a read_committed
 * consumer printing a live count and examples, until the duration ends or Ctrl-C.
 *
 * <pre>
 * bin/run-local [--duration 2m] [--bootstrap-servers host:port] [--samples file.jsonl]
 *               [--rate records/s] [--web-port 8081] [any job option, e.g. --batch.max-size 32]
 * </pre>
 */
public final class LocalRunner {

    private static final List<String> LOCAL_KEYS = List.of("duration", "samples", "rate", "web-port", "flink-conf");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        ParameterTool cli = ParameterTool.fromArgs(args);
        Duration duration = cli.has("duration") ? TimeUtils.parseDuration(cli.get("duration")) : null;
        Path samples = Path.of(cli.get("samples", "kafka/samples/raw-addresses.jsonl"));
        double rate = Double.parseDouble(cli.get("rate", "50"));
        int webPort = cli.getInt("web-port", 8081);

        Map<String, String> jobArgs = new HashMap<>(cli.toMap());
        LOCAL_KEYS.forEach(jobArgs::remove);
        List<String> flat = new ArrayList<>();
        jobArgs.forEach((k, v) -> {
            flat.add("--" + k);
            flat.add(v);
        });
        Configuration jobConf = AddressJobOptions.fromArgs(flat.toArray(String[]::new));
        if (!jobConf.contains(AddressJobOptions.CHECKPOINT_INTERVAL)) {
            jobConf.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2)); // see output quickly
        }

        EmbeddedKafkaBroker broker = null;
        if (!jobConf.contains(AddressJobOptions.BOOTSTRAP_SERVERS)) {
            System.out.println("Starting an embedded single-node KRaft Kafka broker ...");
            broker = EmbeddedKafkaBroker.start();
            jobConf.set(AddressJobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        }
        String bootstrap = jobConf.get(AddressJobOptions.BOOTSTRAP_SERVERS);
        List<String> topics = List.of(
                jobConf.get(AddressJobOptions.INPUT_TOPIC),
                jobConf.get(AddressJobOptions.OUTPUT_TOPIC),
                jobConf.get(AddressJobOptions.DEAD_LETTER_TOPIC));
        EmbeddedKafkaBroker.createTopics(bootstrap, topics, 2, (short) 1);
        System.out.println("Kafka at " + bootstrap + ", topics " + topics);

        Configuration flinkConf = GlobalConfiguration.loadConfiguration(cli.get("flink-conf", "flink-conf"));
        flinkConf.set(RestOptions.PORT, webPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
        new AddressStandardizationJob(jobConf).build(
                env,
                RawAddressKafkaSource.create(jobConf),
                AddressKafkaSinks.standardized(jobConf),
                AddressKafkaSinks.deadLetters(jobConf));
        JobClient job = env.executeAsync(AddressStandardizationJob.JOB_NAME);
        System.out.println("Flink web UI: http://localhost:" + webPort + "  Prometheus metrics: http://localhost:"
                + flinkConf.getString("metrics.reporter.prom.port", "9249").split("-")[0] + "/metrics");

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        Thread producer = new Thread(() -> produce(bootstrap, topics.get(0), samples, rate, stop), "sample-producer");
        producer.setDaemon(true);
        producer.start();
        try {
            consume(bootstrap, topics.get(1), topics.get(2), duration, stop);
        } finally {
            System.out.println("Stopping ...");
            job.cancel().get(30, TimeUnit.SECONDS);
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void produce(String bootstrap, String topic, Path samples, double rate, CountDownLatch stop) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<String> lines = Files.readAllLines(samples, StandardCharsets.UTF_8);
            long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;
            int sent = 0;
            for (String line : lines) {
                if (line.isBlank() || stop.getCount() == 0) {
                    continue;
                }
                byte[] key = keyOf(line);
                producer.send(new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)));
                sent++;
                if (pauseNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                }
            }
            producer.flush();
            System.out.println("Produced " + sent + " sample records from " + samples);
        } catch (Exception e) {
            System.err.println("Sample producer failed: " + e);
        }
    }

    private static byte[] keyOf(String line) {
        try {
            JsonNode id = JSON.readTree(line).get("id");
            return id == null ? null : id.asText().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            return null; // malformed samples are sent on purpose, without a key
        }
    }

    private static void consume(String bootstrap, String output, String dlq, Duration duration, CountDownLatch stop)
            throws InterruptedException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long standardized = 0;
        long deadLettered = 0;
        int examples = 0;
        long lastReport = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = EmbeddedKafkaBroker.readCommittedConsumer(bootstrap, "local-runner-viewer")) {
            consumer.subscribe(List.of(output, dlq));
            while (System.nanoTime() < deadline && stop.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    if (r.topic().equals(output)) {
                        standardized++;
                        if (examples++ < 8 || standardized % 100 == 0) {
                            printExample(value);
                        }
                    } else {
                        deadLettered++;
                        if (deadLettered <= 5) {
                            System.out.println("  dead letter: " + value);
                        }
                    }
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(2)) {
                    lastReport = System.nanoTime();
                    System.out.printf("[%tT] standardized=%d dead-lettered=%d%n", System.currentTimeMillis(),
                            standardized, deadLettered);
                }
            }
        }
        System.out.printf("Done: standardized=%d dead-lettered=%d%n", standardized, deadLettered);
    }

    private static void printExample(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            JsonNode s = n.path("standardized");
            System.out.printf("  %s%n    -> %s  [%s/%s/%s/%s] confidence %.2f%s%n",
                    n.path("raw").asText(), s.path("full").asText(),
                    s.path("province").path("code").asText("-"), s.path("city").path("code").asText("-"),
                    s.path("district").path("code").asText("-"), s.path("town").path("code").asText("-"),
                    s.path("confidence").asDouble(), s.path("degraded").asBoolean() ? " (degraded)" : "");
        } catch (Exception e) {
            System.out.println("  " + value);
        }
    }
}
