package io.github.addrstd.deploy;

import io.github.addrstd.job.AddressJobOptions;

import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the cluster deployment without a Docker engine or a Kubernetes cluster:
 * docker-compose.yml (with its GPU override), the project Dockerfile, the Prometheus configuration and
 * the FlinkDeployment manifest must agree with each other, with flink-conf/config.yaml and with the code.
 */
class DeploymentConfigTest {

    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path COMPOSE_GPU = Path.of("docker-compose.gpu.yml");
    private static final Path DOCKERFILE = Path.of("docker/flink/Dockerfile");
    private static final Path K8S = Path.of("k8s/flink-deployment.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        return (Map<String, Object>) yaml(COMPOSE).get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) services().get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return o == null ? List.of() : ((List<Object>) o).stream().map(String::valueOf).toList();
    }

    @Test
    void everyMountedFileExistsInTheRepository() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Object> s : services().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) s.getValue();
            for (String volume : list(spec.get("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as(s.getKey() + " mounts " + source).exists();
                    checked.add(source);
                }
            }
        }
        assertThat(checked).contains("./alerts/prometheus.yml", "./alerts/address-standardizer.rules.yml",
                "./alerts/alertmanager.yml", "./alerts/grafana/dashboards", "./kafka");
        assertThat(DOCKERFILE).exists();
        assertThat(Files.readString(DOCKERFILE)).contains("COPY model/default", "COPY flink-conf/config.yaml");
    }

    @Test
    void everyImageIsPinned() throws IOException {
        Pattern pinned = Pattern.compile("[\\w./-]+:(?!latest)[\\w.-]*\\d[\\w.-]*");
        for (Map.Entry<String, Object> s : services().entrySet()) {
            @SuppressWarnings("unchecked")
            String image = (String) ((Map<String, Object>) s.getValue()).get("image");
            assertThat(image).as(s.getKey() + " has an image").isNotNull();
            assertThat(image).as(s.getKey()).matches(pinned);
        }
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.startsWith("FROM ")) {
                assertThat(line.split("\\s+")[1]).as(line).matches(pinned);
            }
        }
        assertThat((String) yaml(K8S).get("spec") .toString()).contains("image=" + service("jobmanager").get("image"));
    }

    @Test
    void prometheusLoadsTheShippedRulesAndScrapesTheReporterPorts() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        String rulesMount = list(prometheus.get("volumes")).stream()
                .filter(v -> v.startsWith("./alerts/address-standardizer.rules.yml:")).findFirst().orElseThrow();
        String rulesInContainer = rulesMount.split(":")[1];
        Map<String, Object> promConfig = yaml(Path.of("alerts/prometheus.yml"));
        assertThat(list(promConfig.get("rule_files"))).containsExactly(rulesInContainer);
        assertThat(list(prometheus.get("volumes"))).anyMatch(v -> v.startsWith("./alerts/prometheus.yml:/etc/prometheus/prometheus.yml"));

        Map<String, Object> flinkConf = yaml(Path.of("flink-conf/config.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> prom = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                flinkConf.get("metrics")).get("reporter")).get("prom");
        String[] range = String.valueOf(prom.get("port")).split("-");
        int low = Integer.parseInt(range[0].strip());
        int high = Integer.parseInt(range[range.length - 1].strip());
        Matcher ports = Pattern.compile("(jobmanager|port):? ?\"?(\\d{4})").matcher(Files.readString(Path.of("alerts/prometheus.yml")));
        int scraped = 0;
        while (ports.find()) {
            int port = Integer.parseInt(ports.group(2));
            assertThat(port).as("scraped port within the reporter's range").isBetween(low, high);
            scraped++;
        }
        assertThat(scraped).isGreaterThanOrEqualTo(2);
    }

    @Test
    void flinkPortsAndJobSubmissionMatchTheCode() throws IOException {
        Map<String, Object> flinkConf = yaml(Path.of("flink-conf/config.yaml"));
        @SuppressWarnings("unchecked")
        int restPort = (Integer) ((Map<String, Object>) flinkConf.get("rest")).get("port");
        assertThat(list(service("jobmanager").get("ports"))).contains(restPort + ":" + restPort);

        List<String> submit = list(service("job-submit").get("entrypoint"));
        assertThat(submit).contains("io.github.addrstd.job.AddressStandardizationJob", "/opt/flink/usrlib/address-standardizer-job.jar");
        assertThat(Files.readString(DOCKERFILE)).contains("/opt/flink/usrlib/address-standardizer-job.jar", "/opt/address-model");
        assertJobArgsAreKnownOptions(submit);

        @SuppressWarnings("unchecked")
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) yaml(K8S).get("spec")).get("job");
        assertThat(job.get("entryClass")).isEqualTo("io.github.addrstd.job.AddressStandardizationJob");
        assertThat(job.get("jarURI")).isEqualTo("local:///opt/flink/usrlib/address-standardizer-job.jar");
        assertJobArgsAreKnownOptions(list(job.get("args")));
    }

    private static void assertJobArgsAreKnownOptions(List<String> args) {
        Set<String> known = AddressJobOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        for (String arg : args) {
            if (arg.startsWith("--") && !List.of("--config").contains(arg)) {
                assertThat(known).as("job option " + arg).contains(arg.substring(2));
            }
        }
    }

    @Test
    void kafkaTopicsAreCreatedWithTheJobsDefaultNames() throws IOException {
        String script = Files.readString(Path.of("kafka/create-topics.sh"));
        for (ConfigOption<String> topic : List.of(AddressJobOptions.INPUT_TOPIC, AddressJobOptions.OUTPUT_TOPIC,
                AddressJobOptions.DEAD_LETTER_TOPIC)) {
            assertThat(script).contains(topic.defaultValue());
        }
        assertThat(list(service("kafka-init").get("entrypoint"))).contains("/project-kafka/create-topics.sh");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) service("kafka").get("environment");
        long brokerMax = Long.parseLong(String.valueOf(env.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")));
        assertThat(AddressJobOptions.TRANSACTION_TIMEOUT.defaultValue().toMillis())
                .as("the sinks' transaction timeout must not exceed the broker's maximum").isLessThanOrEqualTo(brokerMax);
    }

    @Test
    void gpuTaskManagersReserveAGpuAndKnowTheirIndex() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> tm = (Map<String, Object>) ((Map<String, Object>) yaml(COMPOSE_GPU).get("services")).get("taskmanager");
        assertThat(tm.toString()).contains("driver=nvidia", "count=1", "capabilities=[gpu]");
        String properties = String.valueOf(((Map<?, ?>) tm.get("environment")).get("FLINK_PROPERTIES"));
        assertThat(properties).contains("external-resources: gpu",
                "external-resource.gpu.driver-factory.class: org.apache.flink.externalresource.gpu.GPUDriverFactory",
                "plugins/external-resource-gpu/nvidia-gpu-discovery.sh");
        assertThat(Files.readString(DOCKERFILE)).contains("/opt/flink/plugins/external-resource-gpu/", "nvidia-gpu-discovery.sh");
        // The operator reads the index of this resource name.
        assertThat(io.github.addrstd.batching.TaggingAsyncFunction.GPU_RESOURCE).isEqualTo("gpu");

        Map<String, Object> k8s = yaml(K8S);
        assertThat(k8s.get("kind")).isEqualTo("FlinkDeployment");
        String spec = k8s.get("spec").toString();
        assertThat(spec).contains("nvidia.com/gpu=1", "external-resource.gpu.kubernetes.config-key=nvidia.com/gpu",
                "job.autoscaler.enabled=true", "upgradeMode=savepoint");
    }
}
