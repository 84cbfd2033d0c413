package io.github.addrstd.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * What a person watching the local run sees: a few examples, one compact status line every few
 * seconds (records in / out / dead letters, output rate, end-to-end p99 from the input record's
 * timestamp to its committed output, median batch size, model and device, degraded records), and a
 * summary at the end with dead letters by reason. Reads the outputs as consumers do
 * (read_committed); batch size and device come from the job's own Prometheus endpoint.
 */
final class LiveView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EXAMPLE_CHARS = 120;

    private final PrintStream out;
    private final LongSupplier produced;
    private final String metricsUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private long standardized;
    private long degraded;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private String modelVersion = "-";
    private String metrics = "";
    private final long startedNanos = System.nanoTime();

    LiveView(PrintStream out, LongSupplier produced, String metricsUrl) {
        this.out = out;
        this.produced = produced;
        this.metricsUrl = metricsUrl;
    }

    /** Consumes until {@code deadlineNanos} or {@code stop}, printing as it goes. */
    void watch(
            String bootstrap,
            String output,
            String dlq,
            long deadlineNanos,
            CountDownLatch stop,
            Duration every) {
        long lastReport = System.nanoTime();
        long outAtLastReport = 0;
        int latencyAtLastReport = 0;
        int examples = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                EmbeddedKafkaBroker.readCommittedConsumer(bootstrap, "local-runner-viewer")) {
            consumer.subscribe(List.of(output, dlq));
            while (System.nanoTime() < deadlineNanos && stop.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode n = parse(r.value());
                    if (r.topic().equals(output)) {
                        recordOutput(n);
                        if (examples++ < 6) {
                            printExample(n);
                        }
                    } else {
                        String reason = n == null ? "?" : n.path("reason").asText("?");
                        long count = deadLettersByReason.merge(reason, 1L, Long::sum);
                        if (count == 1) {
                            out.println(
                                    "  dead letter "
                                            + n.path("id").asText("(no id)")
                                            + ": "
                                            + reason
                                            + " - "
                                            + truncate(n.path("detail").asText("")));
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport >= every.toNanos()) {
                    refreshMetrics();
                    double seconds = (now - lastReport) / 1e9;
                    List<Long> recent = latencies.subList(latencyAtLastReport, latencies.size());
                    out.printf(
                            "[%tT] in %,d | out %,d | dead letters %,d | %.1f rec/s | p99 %s |"
                                    + " batch p50 %s | model %s | degraded %,d%n",
                            System.currentTimeMillis(),
                            produced.getAsLong(),
                            standardized,
                            deadLetters(),
                            (standardized - outAtLastReport) / seconds,
                            millis(percentile(recent, 0.99)),
                            sample("_batchSize", "quantile=\"0.5\""),
                            modelAndDevice(),
                            degraded);
                    lastReport = now;
                    outAtLastReport = standardized;
                    latencyAtLastReport = latencies.size();
                }
            }
        }
    }

    /** The end-of-run summary. */
    void printSummary() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        out.println();
        out.println("| summary | |");
        out.println("|---|---:|");
        out.printf("| records produced | %,d |%n", produced.getAsLong());
        out.printf("| standardized | %,d |%n", standardized);
        out.printf("| of which degraded (gazetteer only) | %,d |%n", degraded);
        out.printf("| dead letters | %,d |%n", deadLetters());
        deadLettersByReason.forEach((reason, n) -> out.printf("| - %s | %,d |%n", reason, n));
        out.printf("| run time | %.0f s |%n", seconds);
        out.printf("| output rate | %.1f records/s |%n", standardized / Math.max(1e-9, seconds));
        out.printf(
                "| end-to-end latency p50 / p95 / p99 | %s / %s / %s |%n",
                millis(percentile(latencies, 0.5)),
                millis(percentile(latencies, 0.95)),
                millis(percentile(latencies, 0.99)));
        out.printf("| model | %s |%n", modelAndDevice());
    }

    private void recordOutput(JsonNode n) {
        standardized++;
        if (n == null) {
            return;
        }
        if (n.path("standardized").path("degraded").asBoolean()) {
            degraded++;
        }
        String version = n.path("model_version").asText("");
        if (!version.isEmpty()) {
            modelVersion = version;
        }
        long sourceTimestamp = n.path("source").path("timestamp").asLong(0);
        if (sourceTimestamp > 0) {
            latencies.add(Math.max(0, System.currentTimeMillis() - sourceTimestamp));
        }
    }

    private long deadLetters() {
        return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    private String modelAndDevice() {
        String gpu = sample("_deviceGpuIndex", "");
        String device = gpu.equals("-") ? "" : gpu.startsWith("-") ? " on cpu" : " on gpu " + gpu;
        return modelVersion + device;
    }

    /** Reads the job's metrics endpoint once per status line; "" while it is not up. */
    private void refreshMetrics() {
        try {
            metrics =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(metricsUrl))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                            .body();
        } catch (Exception e) {
            metrics = ""; // the endpoint is not up yet: show "-"
        }
    }

    /**
     * The first sample of the last read metrics whose name ends in {@code suffix} (labels holding
     * {@code label}), or "-".
     */
    private String sample(String suffix, String label) {
        return PrometheusText.rounded(PrometheusText.firstSample(metrics, suffix, label));
    }

    private void printExample(JsonNode n) {
        if (n == null) {
            return;
        }
        JsonNode s = n.path("standardized");
        out.printf(
                "  %s%n    -> %s  [%s/%s/%s/%s] confidence %.2f%s%n",
                truncate(n.path("raw").asText()),
                truncate(s.path("full").asText()),
                s.path("province").path("code").asText("-"),
                s.path("city").path("code").asText("-"),
                s.path("district").path("code").asText("-"),
                s.path("town").path("code").asText("-"),
                s.path("confidence").asDouble(),
                s.path("degraded").asBoolean() ? " (degraded)" : "");
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }

    static String truncate(String text) {
        return text.codePointCount(0, text.length()) <= MAX_EXAMPLE_CHARS
                ? text
                : text.substring(0, text.offsetByCodePoints(0, MAX_EXAMPLE_CHARS))
                        + "… ("
                        + text.length()
                        + " chars)";
    }

    static long percentile(List<Long> values, double q) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static String millis(long value) {
        return value < 0 ? "-" : String.format("%,d ms", value);
    }
}
