package io.github.addrstd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * What can be checked of the cluster deployment without a Docker engine or a Kubernetes cluster:
 * docker-compose.yml (with its GPU override), the project Dockerfile, the Prometheus configuration
 * and the FlinkDeployment manifest must agree with each other, with flink-conf/config.yaml and with
 * the code.
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
        assertThat(checked)
                .contains(
                        "./alerts/prometheus.yml",
                        "./alerts/address-standardizer.rules.yml",
                        "./alerts/alertmanager.yml",
                        "./alerts/grafana/dashboards",
                        "./kafka");
        assertThat(DOCKERFILE).exists();
        assertThat(Files.readString(DOCKERFILE))
                .contains(
                        "COPY model/default", "flink-conf/config.yaml /opt/flink/conf/config.yaml");
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
        assertThat(yaml(K8S).get("spec").toString())
                .contains("image=${REGISTRY}/" + service("jobmanager").get("image"));
    }

    @Test
    void prometheusLoadsTheShippedRulesAndScrapesTheReporterPorts() throws IOException {
        Map<String, Object> prometheus = service("prometheus");
        String rulesMount =
                list(prometheus.get("volumes")).stream()
                        .filter(v -> v.startsWith("./alerts/address-standardizer.rules.yml:"))
                        .findFirst()
                        .orElseThrow();
        String rulesInContainer = rulesMount.split(":")[1];
        Map<String, Object> promConfig = yaml(Path.of("alerts/prometheus.yml"));
        assertThat(list(promConfig.get("rule_files"))).containsExactly(rulesInContainer);
        assertThat(list(prometheus.get("volumes")))
                .anyMatch(
                        v ->
                                v.startsWith(
                                        "./alerts/prometheus.yml:/etc/prometheus/prometheus.yml"));

        Map<String, Object> flinkConf = yaml(Path.of("flink-conf/config.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> prom =
                (Map<String, Object>)
                        ((Map<String, Object>)
                                        ((Map<String, Object>) flinkConf.get("metrics"))
                                                .get("reporter"))
                                .get("prom");
        String[] range = String.valueOf(prom.get("port")).split("-");
        int low = Integer.parseInt(range[0].strip());
        int high = Integer.parseInt(range[range.length - 1].strip());
        Matcher ports =
                Pattern.compile("(jobmanager|port):? ?\"?(\\d{4})")
                        .matcher(Files.readString(Path.of("alerts/prometheus.yml")));
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
        assertThat(submit)
                .contains(
                        "io.github.addrstd.job.AddressStandardizationJob",
                        "/opt/flink/usrlib/address-standardizer-job.jar");
        assertThat(Files.readString(DOCKERFILE))
                .contains("/opt/flink/usrlib/address-standardizer-job.jar", "/opt/address-model");
        assertJobArgsAreKnownOptions(submit);

        @SuppressWarnings("unchecked")
        Map<String, Object> job =
                (Map<String, Object>) ((Map<String, Object>) yaml(K8S).get("spec")).get("job");
        assertThat(job.get("entryClass"))
                .isEqualTo("io.github.addrstd.job.AddressStandardizationJob");
        assertThat(job.get("jarURI"))
                .isEqualTo("local:///opt/flink/usrlib/address-standardizer-job.jar");
        assertJobArgsAreKnownOptions(list(job.get("args")));
    }

    private static void assertJobArgsAreKnownOptions(List<String> args) {
        Set<String> known =
                AddressJobOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        for (String arg : args) {
            if (arg.startsWith("--") && !List.of("--config").contains(arg)) {
                assertThat(known).as("job option " + arg).contains(arg.substring(2));
            }
        }
    }

    @Test
    void kafkaTopicsAreCreatedWithTheJobsDefaultNames() throws IOException {
        String script = Files.readString(Path.of("kafka/create-topics.sh"));
        for (ConfigOption<String> topic :
                List.of(
                        AddressJobOptions.INPUT_TOPIC,
                        AddressJobOptions.OUTPUT_TOPIC,
                        AddressJobOptions.DEAD_LETTER_TOPIC)) {
            assertThat(script).contains(topic.defaultValue());
        }
        assertThat(list(service("kafka-init").get("entrypoint")))
                .contains("/project-kafka/create-topics.sh");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) service("kafka").get("environment");
        long brokerMax =
                Long.parseLong(String.valueOf(env.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")));
        assertThat(AddressJobOptions.TRANSACTION_TIMEOUT.defaultValue().toMillis())
                .as("the sinks' transaction timeout must not exceed the broker's maximum")
                .isLessThanOrEqualTo(brokerMax);
    }

    @Test
    void gpuTaskManagersEachReserveTheirOwnGpuAndKnowTheirIndex() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> gpuServices = (Map<String, Object>) yaml(COMPOSE_GPU).get("services");
        List<String> deviceIds = new ArrayList<>();
        for (Map.Entry<String, Object> e : gpuServices.entrySet()) {
            String spec = e.getValue().toString();
            assertThat(spec)
                    .as(
                            "%s reserves GPUs by id: a count gives every replica the first GPU",
                            e.getKey())
                    .contains("driver=nvidia", "capabilities=[gpu]")
                    .doesNotContain("count=");
            Matcher ids = Pattern.compile("device_ids=\\[([^]]*)]").matcher(spec);
            assertThat(ids.find()).as("%s names its GPU", e.getKey()).isTrue();
            assertThat(ids.group(1).split(",")).as("one GPU per TaskManager").hasSize(1);
            deviceIds.add(ids.group(1).trim());
            String properties =
                    String.valueOf(
                            ((Map<?, ?>) ((Map<?, ?>) e.getValue()).get("environment"))
                                    .get("FLINK_PROPERTIES"));
            assertThat(properties)
                    .contains(
                            "external-resources: gpu",
                            "external-resource.gpu.amount: 1",
                            "external-resource.gpu.driver-factory.class:"
                                    + " org.apache.flink.externalresource.gpu.GPUDriverFactory",
                            "plugins/external-resource-gpu/nvidia-gpu-discovery.sh",
                            "jobmanager.rpc.address: jobmanager");
        }
        assertThat(deviceIds)
                .as("no two TaskManagers share a GPU")
                .doesNotHaveDuplicates()
                .hasSizeGreaterThanOrEqualTo(2);
        // The operator reads the index of this resource name.
        assertThat(io.github.addrstd.tagging.TaggingAsyncFunction.GPU_RESOURCE).isEqualTo("gpu");

        Map<String, Object> k8s = yaml(K8S);
        assertThat(k8s.get("kind")).isEqualTo("FlinkDeployment");
        String spec = k8s.get("spec").toString();
        assertThat(spec)
                .contains(
                        "nvidia.com/gpu=1",
                        "external-resource.gpu.kubernetes.config-key=nvidia.com/gpu",
                        "job.autoscaler.enabled=true",
                        "upgradeMode=savepoint");
    }

    @Test
    void theImageLetsTheEntrypointWriteItsConfigAndFlinkWriteCheckpoints() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        // docker-entrypoint.sh rewrites conf/config.yaml as user flink (Flink's Docker
        // documentation).
        assertThat(dockerfile)
                .contains(
                        "COPY --chown=flink:flink flink-conf/config.yaml"
                                + " /opt/flink/conf/config.yaml");
        assertThat(dockerfile)
                .doesNotContainPattern("(?m)^COPY (?!--chown=flink:flink).*config\\.yaml");
        // A named volume is initialised from the image's directory, owner included.
        assertThat(dockerfile).contains("chown -R flink:flink /checkpoints");
        assertThat(list(service("jobmanager").get("volumes"))).contains("checkpoints:/checkpoints");
        // The distribution's own GPU plugin and SLF4J binding are left alone.
        assertThat(dockerfile)
                .doesNotContain("plugins/external-resource-gpu/", "rm -f /opt/flink/lib", "slf4j2");
    }

    @Test
    void theJobJarInTheImageLeavesDjlAndLibtorchToLib() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile).contains("package -DskipTests -Pslim-job-jar");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher profile =
                Pattern.compile("<id>slim-job-jar</id>(.*?)</profile>", Pattern.DOTALL)
                        .matcher(pom);
        assertThat(profile.find()).isTrue();
        assertThat(profile.group(1))
                .contains(
                        "<shade.exclude.djl>ai.djl:*</shade.exclude.djl>",
                        "<shade.exclude.djl.pytorch>ai.djl.pytorch:*</shade.exclude.djl.pytorch>",
                        "<shade.exclude.jna>net.java.dev.jna:*</shade.exclude.jna>");
        assertThat(pom)
                .contains(
                        "<exclude>${shade.exclude.djl}</exclude>",
                        "<exclude>${shade.exclude.djl.pytorch}</exclude>");
        // What the slim jar leaves out, the image puts in lib/.
        assertThat(dockerfile)
                .contains(
                        "-DincludeArtifactIds=api,pytorch-engine,pytorch-jni,${PYTORCH_NATIVE},tokenizers",
                        "COPY --from=build /build/flink-lib/ /opt/flink/lib/");
    }

    @Test
    void theStackStartsWithoutAnSmtpPassword() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> secret =
                (Map<String, Object>)
                        ((Map<String, Object>) yaml(COMPOSE).get("secrets")).get("smtp-password");
        assertThat(secret).doesNotContainKey("environment");
        String file = String.valueOf(secret.get("file"));
        Matcher fallback = Pattern.compile("\\$\\{SMTP_PASSWORD_FILE:-(.+)}").matcher(file);
        assertThat(fallback.matches()).as("a default for %s", file).isTrue();
        assertThat(Path.of(fallback.group(1))).exists();
    }

    @Test
    void theFlinkConfigurationFitsTheHeapStateBackend() throws IOException {
        Map<String, Object> conf = yaml(Path.of("flink-conf/config.yaml"));
        assertThat(conf.get("state").toString()).contains("type=hashmap");
        assertThat(conf.get("taskmanager").toString())
                .as("no managed memory that nothing uses")
                .contains("managed={size=0m}");
        assertThat(Files.readString(Path.of("flink-conf/config.yaml")))
                .contains("Latency markers off (0");
    }

    @Test
    void kubernetesHasDurableCheckpointsARegistryImageAndCurrentAutoscalerKeys()
            throws IOException {
        String manifest = Files.readString(K8S);
        Map<String, Object> k8s = yaml(K8S);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) k8s.get("spec");
        assertThat(String.valueOf(spec.get("image"))).startsWith("${REGISTRY}/");
        @SuppressWarnings("unchecked")
        Map<String, Object> flinkConf = (Map<String, Object>) spec.get("flinkConfiguration");
        assertThat(flinkConf.get("execution.checkpointing.dir").toString())
                .startsWith("file:///flink-data/");
        assertThat(flinkConf.get("execution.checkpointing.savepoint-dir").toString())
                .startsWith("file:///flink-data/");
        Map<String, Object> pvc = yaml(Path.of("k8s/checkpoints-pvc.yaml"));
        String claim = ((Map<?, ?>) pvc.get("metadata")).get("name").toString();
        assertThat(spec.get("podTemplate").toString())
                .contains("claimName=" + claim, "mountPath=/flink-data");
        assertThat(pvc.get("spec").toString()).contains("ReadWriteMany");
        // Deprecated by the operator in favour of utilization.target / .max / .min.
        assertThat(flinkConf)
                .doesNotContainKeys(
                        "job.autoscaler.target.utilization",
                        "job.autoscaler.target.utilization.boundary")
                .containsKeys(
                        "job.autoscaler.utilization.target",
                        "job.autoscaler.utilization.max",
                        "job.autoscaler.utilization.min");
        assertThat(manifest).doesNotContain("s3://" + "address-standardizer");
    }

    @Test
    void thePrometheusRuleIsGeneratedFromTheShippedRules() throws IOException {
        Map<String, Object> rule = yaml(Path.of("k8s/prometheus-rule.yaml"));
        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<?, ?>) rule.get("spec")).get("groups"))
                .as(
                        "k8s/prometheus-rule.yaml is out of date: run python3"
                                + " k8s/generate-prometheus-rule.py")
                .isEqualTo(yaml(Path.of("alerts/address-standardizer.rules.yml")).get("groups"));
        Map<String, Object> podMonitor = yaml(Path.of("k8s/pod-monitor.yaml"));
        assertThat(podMonitor.get("spec").toString())
                .contains("port=metrics", "app=address-standardizer");
        assertThat(Files.readString(K8S)).contains("name: metrics", "containerPort: 9249");
    }

    @Test
    void theSmokeScriptCoversStartKillAndDuplicates() throws IOException {
        String smoke = Files.readString(Path.of("docker/smoke.sh"));
        assertThat(Path.of("docker/smoke.sh")).isExecutable();
        assertThat(smoke)
                .contains(
                        "compose up -d --build",
                        "taskmanagers_registered",
                        "job_running",
                        "docker kill",
                        "read_committed",
                        "duplicates",
                        "compose down -v");
    }
}
