package io.github.addrstd.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus (Debian's package) on loopback with the given rules and scrape targets,
 * scraping and evaluating every second, read through its HTTP API.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param alertmanager {@code host:port} of an Alertmanager to send alerts to, or null
     */
    static LocalPrometheus start(Path dir, String rules, List<String> targets, String alertmanager)
            throws IOException {
        Path prometheus = MonitoringTools.require("prometheus");
        Files.writeString(dir.resolve("rules.yml"), rules);
        int port = MonitoringTools.freePort();
        List<String> config =
                new ArrayList<>(
                        List.of(
                                "global:",
                                "  scrape_interval: 1s",
                                "  evaluation_interval: 1s",
                                "rule_files: [" + dir.resolve("rules.yml") + "]"));
        if (alertmanager != null) {
            config.addAll(
                    List.of(
                            "alerting:",
                            "  alertmanagers:",
                            "    - static_configs: [{targets: ['" + alertmanager + "']}]"));
        }
        config.addAll(
                List.of(
                        "scrape_configs:",
                        "  - job_name: flink",
                        "    static_configs: [{targets: ['" + String.join("', '", targets) + "']}]",
                        ""));
        Files.writeString(dir.resolve("prometheus.yml"), String.join("\n", config));
        Process process =
                new ProcessBuilder(
                                prometheus.toString(),
                                "--config.file=" + dir.resolve("prometheus.yml"),
                                "--storage.tsdb.path=" + dir.resolve("prom-data"),
                                "--web.listen-address=127.0.0.1:" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        return new LocalPrometheus(process, port);
    }

    int port() {
        return port;
    }

    /** The first sample of an instant query, 0 when the result is empty. */
    double query(String expr) throws Exception {
        JsonNode result =
                get("query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))
                        .at("/data/result");
        return result.isEmpty() ? 0 : result.get(0).at("/value/1").asDouble();
    }

    /** Active (pending or firing) alerts that match. */
    List<JsonNode> alerts(Predicate<JsonNode> filter) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : get("alerts").at("/data/alerts")) {
            if (filter.test(a)) {
                out.add(a);
            }
        }
        return out;
    }

    List<JsonNode> active(String name) throws Exception {
        return alerts(a -> a.at("/labels/alertname").asText().equals(name));
    }

    List<JsonNode> firing(String name) throws Exception {
        return alerts(
                a ->
                        a.at("/labels/alertname").asText().equals(name)
                                && a.get("state").asText().equals("firing"));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/api/v1/" + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls every half second until the check holds; fails after {@code timeout}. */
    static void waitFor(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e; // a server still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
