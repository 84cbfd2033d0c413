package io.github.addrstd.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.local.EmbeddedKafkaBroker;
import io.github.addrstd.source.StartingOffsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerts proven end to end: the job on a MiniCluster with the Prometheus reporter, a real
 * Prometheus scraping it with the shipped rules (a copy with shortened {@code for:} and range
 * windows, the shipped file is not edited), a real Alertmanager delivering to a local webhook. A
 * model fault is injected, the degraded-mode and tagging-failure alerts must fire and be delivered;
 * Prometheus's alerts page, rendered by a real headless Chromium, must show them firing (the
 * screenshot is kept in target/); the fault is removed, the alerts must resolve and the resolution
 * must be delivered.
 */
class PrometheusAlertingITCase {

    private static final int REPORTER_PORT;

    static {
        try {
            REPORTER_PORT = MonitoringTools.freePort();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(reporterConfig())
                            .build());

    private static Configuration reporterConfig() {
        Configuration conf = new Configuration();
        conf.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(REPORTER_PORT));
        conf.setString("metrics.reporter.prom.interval", "1 s");
        return conf;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private final List<Process> processes = new ArrayList<>();
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private LocalPrometheus prometheus;
    private EmbeddedKafkaBroker broker;
    private HttpServer webhook;
    private JobClient job;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private Thread producer;

    @AfterEach
    void tearDown() throws Exception {
        FaultInjectingTaggerFactory.FAIL.set(false);
        producing.set(false);
        if (producer != null) {
            producer.join(10_000);
        }
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        if (prometheus != null) {
            prometheus.close();
        }
        for (Process p : processes) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void modelFaultFiresAlertsThroughPrometheusAndAlertmanagerAndTheyResolve(@TempDir Path dir)
            throws Exception {
        MonitoringTools.require("prometheus");
        Path alertmanager = MonitoringTools.require("prometheus-alertmanager");
        HeadlessChromium browser = HeadlessChromium.require();

        // 1. Kafka, the job with the fault-injecting model, and a steady stream of addresses.
        broker = EmbeddedKafkaBroker.start();
        Configuration conf = new Configuration();
        conf.set(AddressJobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
        conf.set(AddressJobOptions.PARALLELISM, 2);
        conf.set(AddressJobOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        EmbeddedKafkaBroker.createTopics(
                broker.bootstrapServers(),
                List.of("raw-address", "standardized-address", "address-dlq"),
                2,
                (short) 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new AddressStandardizationJob(conf, new FaultInjectingTaggerFactory()).buildOnKafka(env);
        job = env.executeAsync(AddressStandardizationJob.JOB_NAME);
        producer = new Thread(this::produceSteadily, "test-producer");
        producer.start();

        // 2. Webhook, Alertmanager, Prometheus on loopback.
        int webhookPort = MonitoringTools.freePort();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", webhookPort), 0);
        webhook.createContext(
                "/alerts",
                exchange -> {
                    notifications.add(JSON.readTree(exchange.getRequestBody()));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        webhook.start();
        int amPort = MonitoringTools.freePort();
        Files.writeString(
                dir.resolve("alertmanager.yml"),
                String.join(
                        "\n",
                        "route:",
                        "  receiver: hook",
                        "  group_by: [alertname, job_name]",
                        "  group_wait: 1s",
                        "  group_interval: 1s",
                        "  repeat_interval: 1h",
                        "receivers:",
                        "  - name: hook",
                        "    webhook_configs:",
                        "      - url: http://127.0.0.1:" + webhookPort + "/alerts",
                        "        send_resolved: true",
                        ""));
        start(
                List.of(
                        alertmanager.toString(),
                        "--config.file=" + dir.resolve("alertmanager.yml"),
                        "--storage.path=" + dir.resolve("am-data"),
                        "--web.listen-address=127.0.0.1:" + amPort,
                        "--cluster.listen-address="),
                dir.resolve("alertmanager.log"));

        prometheus =
                LocalPrometheus.start(
                        dir,
                        shortenedRules(),
                        List.of("127.0.0.1:" + REPORTER_PORT),
                        "127.0.0.1:" + amPort);

        // 3. Healthy: records flow, scraped through the reporter, and no alert of ours fires.
        LocalPrometheus.waitFor(
                "standardized records in Prometheus",
                TIMEOUT,
                () -> prometheus.query("addrstd:output_records:rate5m") > 0);
        // The latency buckets as the real reporter exports them (le="Inf" included) give Prometheus
        // a time-windowed p99 over both subtasks: a number, not NaN.
        LocalPrometheus.waitFor(
                "a tagging p99 from the scraped latency buckets",
                TIMEOUT,
                () -> {
                    double p99 =
                            prometheus.query(
                                    "histogram_quantile(0.99, sum by (le) (rate("
                                        + "flink_taskmanager_job_task_operator_stage_le_processingLatencyMs_bucket"
                                        + "{stage=\"tag\"}[15s])))");
                    return Double.isFinite(p99) && p99 > 0 && p99 <= 60_000;
                });
        // Latency at commit: records are counted when the checkpoint that commits them completes
        // (every second here): the latency consumers see is scraped as well.
        LocalPrometheus.waitFor(
                "a committed-latency median from the scraped buckets",
                TIMEOUT,
                () -> {
                    double committed =
                            prometheus.query(
                                    "histogram_quantile(0.5, sum by (le) (rate("
                                        + "flink_taskmanager_job_task_operator_stage_le_committedLatencyMs_bucket"
                                        + "[15s])))");
                    return Double.isFinite(committed) && committed > 0;
                });
        assertThat(
                        prometheus.alerts(
                                a ->
                                        a.at("/labels/alertname")
                                                .asText()
                                                .startsWith("AddressDegraded")))
                .isEmpty();

        // 4. Fault: every model call fails; records go on in degraded mode and the alerts fire.
        FaultInjectingTaggerFactory.FAIL.set(true);
        LocalPrometheus.waitFor(
                "AddressDegradedModeActive firing",
                TIMEOUT,
                () -> !prometheus.firing("AddressDegradedModeActive").isEmpty());
        JsonNode degraded = prometheus.firing("AddressDegradedModeActive").get(0);
        assertThat(degraded.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(degraded.at("/labels/job_name").asText()).isEqualTo("address_standardization");
        assertThat(degraded.at("/annotations/runbook_url").asText())
                .isEqualTo("http://localhost:8088/alerts/RUNBOOK.md#addressdegradedmodeactive");
        LocalPrometheus.waitFor(
                "AddressTaggingFailureRateHigh firing",
                TIMEOUT,
                () -> !prometheus.firing("AddressTaggingFailureRateHigh").isEmpty());
        assertThat(
                        prometheus
                                .firing("AddressTaggingFailureRateHigh")
                                .get(0)
                                .at("/labels/severity")
                                .asText())
                .isEqualTo("critical");
        LocalPrometheus.waitFor(
                "Alertmanager delivered AddressDegradedModeActive to the webhook",
                TIMEOUT,
                () -> delivered("AddressDegradedModeActive", "firing"));
        // What a person on call sees: Prometheus's own alerts page, in a real browser, shows both
        // alerts firing (Debian's package serves the server-rendered page under /classic).
        String alertsPage = "http://127.0.0.1:" + prometheus.port() + "/classic/alerts";
        String page = browser.dom(alertsPage);
        assertThat(firingOnAlertsPage(page))
                .contains("AddressDegradedModeActive", "AddressTaggingFailureRateHigh")
                .doesNotContain("AddressModelNotLoaded");
        browser.screenshot(alertsPage, ALERTS_SCREENSHOT);

        // 5. Recovery: the alerts resolve in Prometheus and the resolution is delivered.
        FaultInjectingTaggerFactory.FAIL.set(false);
        LocalPrometheus.waitFor(
                "AddressDegradedModeActive inactive",
                TIMEOUT,
                () -> prometheus.active("AddressDegradedModeActive").isEmpty());
        LocalPrometheus.waitFor(
                "AddressTaggingFailureRateHigh inactive",
                TIMEOUT,
                () -> prometheus.active("AddressTaggingFailureRateHigh").isEmpty());
        LocalPrometheus.waitFor(
                "resolved notification delivered",
                TIMEOUT,
                () -> delivered("AddressDegradedModeActive", "resolved"));
    }

    /**
     * Where the test keeps its screenshot of Prometheus's alerts page with the alerts firing
     * (docs/prometheus-alerts.png in the README is a copy of one).
     */
    static final Path ALERTS_SCREENSHOT = Path.of("target", "prometheus-alerts.png");

    private static final Pattern FIRING_ROW =
            Pattern.compile(
                    "<tr class=\"alert alert-danger alert_header\">\\s*<td>.*?<b>(\\w+)</b>");

    /** The alert names that Prometheus's classic alerts page shows as firing (its red rows). */
    static Set<String> firingOnAlertsPage(String dom) {
        Set<String> names = new TreeSet<>();
        Matcher m = FIRING_ROW.matcher(dom);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The shipped rules with for: and range windows shortened to test scale. */
    static String shortenedRules() throws IOException {
        return Files.readString(AlertRulesTest.RULES, StandardCharsets.UTF_8)
                .replaceAll("for: \\d+[smh]", "for: 3s")
                .replaceAll("\\[\\d+[mhd]:\\d+[smh]\\]", "[20s:1s]")
                .replaceAll("\\[\\d+[mhd]\\]", "[15s]");
    }

    private void produceSteadily() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> kafka =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<String> lines =
                    Files.readAllLines(
                                    Path.of("kafka/samples/raw-addresses.jsonl"),
                                    StandardCharsets.UTF_8)
                            .stream()
                            .filter(l -> l.contains("\"hw-"))
                            .toList();
            for (int i = 0; producing.get(); i++) {
                String line =
                        lines.get(i % lines.size())
                                .replaceFirst("\"id\": \"", "\"id\": \"" + i + "-");
                kafka.send(
                        new ProducerRecord<>("raw-address", line.getBytes(StandardCharsets.UTF_8)));
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void start(List<String> command, Path log) throws IOException {
        processes.add(
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start());
    }

    private boolean delivered(String alertname, String status) {
        for (JsonNode n : notifications) {
            for (JsonNode a : n.get("alerts")) {
                if (a.at("/labels/alertname").asText().equals(alertname)
                        && a.get("status").asText().equals(status)) {
                    return true;
                }
            }
        }
        return false;
    }
}
