package io.github.addrstd.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.metrics.CommittedLatencyMetrics;
import io.github.addrstd.metrics.LatencyBuckets;
import io.github.addrstd.metrics.LatencySloMetrics;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.tagging.InferenceMetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shipped rules, Alertmanager config and dashboard: valid, unit-tested, and consistent with the
 * code.
 */
class AlertRulesTest {

    static final Path RULES = Path.of("alerts/address-standardizer.rules.yml");

    /** The promtool unit test files, alerts/tests/*.test.yml. */
    static List<Path> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("alerts/tests"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".test.yml"))
                    .sorted()
                    .toList();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolChecksTheRules() throws Exception {
        assertThat(
                        MonitoringTools.run(
                                List.of(
                                        MonitoringTools.require("promtool").toString(),
                                        "check",
                                        "rules",
                                        RULES.toString())))
                .contains("SUCCESS");
    }

    @Test
    void promtoolUnitTestsPass() throws Exception {
        assertThat(
                        MonitoringTools.run(
                                Stream.concat(
                                                Stream.of(
                                                        MonitoringTools.require("promtool")
                                                                .toString(),
                                                        "test",
                                                        "rules"),
                                                testFiles().stream().map(Path::toString))
                                        .toList()))
                .contains("SUCCESS")
                .doesNotContain("FAILED");
    }

    @Test
    void alertmanagerConfigIsValid() throws Exception {
        assertThat(
                        MonitoringTools.run(
                                List.of(
                                        MonitoringTools.require("amtool").toString(),
                                        "check-config",
                                        "alerts/alertmanager.yml")))
                .contains("SUCCESS");
    }

    @Test
    void everyAlertIsDocumentedTestedAndLinkedToItsRunbook() throws Exception {
        String runbook = Files.readString(Path.of("alerts/RUNBOOK.md"), StandardCharsets.UTF_8);
        StringBuilder allTests = new StringBuilder();
        for (Path file : testFiles()) {
            allTests.append(Files.readString(file, StandardCharsets.UTF_8));
        }
        String tests = allTests.toString();
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                String name = rule.get("alert").asText();
                alerts.add(name);
                assertThat(rule.at("/labels/severity").asText())
                        .as(name)
                        .isIn(
                                name.equals("Watchdog")
                                        ? List.of("none")
                                        : List.of("warning", "critical"));
                assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
                assertThat(rule.at("/annotations/description").asText()).as(name).isNotBlank();
                String anchor = name.toLowerCase();
                assertThat(rule.at("/annotations/runbook_url").asText())
                        .as(name)
                        .isEqualTo("http://localhost:8088/alerts/RUNBOOK.md#" + anchor);
                assertThat(runbook)
                        .as("RUNBOOK.md has a section for " + name)
                        .contains("\n## " + name + "\n");
                assertThat(tests)
                        .as("a promtool test covers " + name)
                        .contains("alertname: " + name);
            }
        }
        assertThat(alerts)
                .contains(
                        "AddressTaggingLatencyHigh",
                        "AddressGpuMemoryHigh",
                        "AddressStandardizationSuccessLow",
                        "AddressDeadLetterRateHigh",
                        "AddressModelNotLoaded",
                        "AddressOutputStalled",
                        "AddressKafkaLagGrowing",
                        "AddressJobRestarting",
                        "AddressCheckpointsFailing",
                        "AddressBackpressureSustained",
                        "AddressFlinkTargetDown",
                        "AddressTaskManagerMetricsAbsent",
                        "AddressTaskManagerCpuHigh",
                        "AddressTaskManagerMemoryHigh",
                        "AddressDegradedModeActive",
                        "AddressLatencySLOBurnRate",
                        "AddressJobNotRunning",
                        "AddressTaskManagerLost",
                        "AddressCheckpointsStalled",
                        "Watchdog");
    }

    /** A metric renamed in the code must not silently break an alert or a dashboard panel. */
    /**
     * Every alert's tests show it firing, staying silent, and resolving: in some test group, an
     * alert (label set) expected at one evaluation is no longer expected at a later one. The
     * Watchdog only fires.
     */
    @Test
    void everyAlertFiresStaysSilentAndResolvesInItsTests() throws Exception {
        Map<String, Set<String>> seen = new TreeMap<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.has("alert")) {
                    seen.put(rule.get("alert").asText(), new TreeSet<>());
                }
            }
        }
        for (Path file : testFiles()) {
            for (JsonNode test : YAML.readTree(file.toFile()).get("tests")) {
                // alert -> evaluation minute -> the label sets expected then
                Map<String, TreeMap<Long, Set<String>>> expected = new TreeMap<>();
                for (JsonNode eval : test.path("alert_rule_test")) {
                    Set<String> labelSets = new HashSet<>();
                    for (JsonNode alert : eval.path("exp_alerts")) {
                        labelSets.add(alert.path("exp_labels").toString());
                    }
                    expected.computeIfAbsent(eval.get("alertname").asText(), a -> new TreeMap<>())
                            .put(minutes(eval.get("eval_time").asText()), labelSets);
                }
                expected.forEach(
                        (alert, byTime) -> {
                            Set<String> outcomes =
                                    seen.computeIfAbsent(alert, a -> new TreeSet<>());
                            Set<String> firedBefore = new HashSet<>();
                            for (Set<String> now : byTime.values()) {
                                outcomes.add(now.isEmpty() ? "silent" : "fires");
                                if (!now.containsAll(firedBefore)) {
                                    outcomes.add("resolves");
                                }
                                firedBefore.addAll(now);
                            }
                        });
            }
        }
        seen.forEach(
                (alert, outcomes) ->
                        assertThat(outcomes)
                                .as(alert + " in alerts/tests/")
                                .containsAll(
                                        alert.equals("Watchdog")
                                                ? List.of("fires")
                                                : List.of("fires", "silent", "resolves")));
    }

    private static long minutes(String duration) {
        Matcher m = Pattern.compile("(\\d+)([mh])").matcher(duration);
        if (!m.matches()) {
            throw new IllegalArgumentException("eval_time " + duration);
        }
        return Long.parseLong(m.group(1)) * (m.group(2).equals("h") ? 60 : 1);
    }

    @Test
    void rulesAndDashboardUseOnlyMetricsTheJobExports() throws Exception {
        Set<String> exported = new HashSet<>();
        for (String name : constants(RecordMetrics.class)) {
            exported.add("flink_taskmanager_job_task_operator_stage_" + name);
            exported.add("flink_taskmanager_job_task_operator_stage_reason_" + name);
        }
        for (String name : constants(LatencySloMetrics.class)) {
            exported.add("flink_taskmanager_job_task_operator_stage_" + name);
        }
        for (String name : constants(CommittedLatencyMetrics.class)) {
            exported.add("flink_taskmanager_job_task_operator_stage_" + name);
        }
        // The latency bucket gauges (LatencyBuckets) of every stage and of the end-to-end latency.
        for (String name :
                List.of(
                        RecordMetrics.LATENCY_MS,
                        LatencySloMetrics.END_TO_END_LATENCY_MS,
                        CommittedLatencyMetrics.COMMITTED_LATENCY_MS)) {
            exported.add(
                    "flink_taskmanager_job_task_operator_stage_"
                            + LatencyBuckets.BUCKET_GROUP
                            + "_"
                            + name
                            + LatencyBuckets.BUCKET_SUFFIX);
        }
        for (String name : constants(InferenceMetrics.class)) {
            exported.add("flink_taskmanager_job_task_operator_inference_" + name);
        }
        Pattern ours =
                Pattern.compile("flink_taskmanager_job_task_operator_(stage|inference)_[A-Za-z_]+");
        for (Path file :
                List.of(RULES, Path.of("alerts/grafana/dashboards/address-standardizer.json"))) {
            Matcher m = ours.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                assertThat(exported).as(file + " uses " + m.group()).contains(m.group());
            }
        }
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (String metric : exported) {
            if (!metric.contains("_reason_")) {
                assertThat(readme)
                        .as("README documents " + metric)
                        .contains(metric.replaceFirst(".*_(stage|inference)_", ""));
            }
        }
    }

    @Test
    void dashboardIsValidJsonWithPanels() throws Exception {
        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(
                                Path.of("alerts/grafana/dashboards/address-standardizer.json")
                                        .toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("address-standardizer");
        assertThat(dashboard.get("panels").size()).isGreaterThan(15);
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.get("targets").size())
                        .as(panel.get("title").asText())
                        .isPositive();
            }
        }
    }

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new java.util.ArrayList<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && !f.getName().endsWith("_GROUP")
                    && !List.of("VALIDATE", "TAG", "STANDARDIZE").contains(f.getName())) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }
}
