package io.github.addrstd.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.util.FileUtils;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A real Flink session cluster as separate OS processes, as the distribution's scripts start it:
 * one JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code
 * TaskManagerRunner}, with the JVM flags and dynamic properties Flink's {@code BashJavaUtils}
 * computes from the memory settings), all reading {@code flink-conf/config.yaml} plus the overrides
 * given. Flink and the job's dependencies are on the processes' classpath (the distribution's
 * {@code lib/}); the job itself is a jar of this project's classes, uploaded and run through the
 * REST API, as {@code flink run} does.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final Path confDir;
    private final String classpath;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private int started;

    private final List<String> jvmOptions;

    private StandaloneFlinkCluster(
            Path workDir, Path confDir, String classpath, int restPort, List<String> jvmOptions)
            throws IOException {
        this.workDir = workDir;
        this.confDir = confDir;
        this.classpath = classpath;
        this.restPort = restPort;
        this.jvmOptions = jvmOptions;
        this.jobManager =
                launch(
                        "jobmanager",
                        List.of("-Xmx512m"),
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        List.of("--configDir", confDir.toString()));
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers with {@code flink-conf/config.yaml}
     * and {@code overrides}, and waits until every TaskManager has registered.
     */
    public static StandaloneFlinkCluster start(int taskManagers, Map<String, String> overrides)
            throws Exception {
        Path workDir = Files.createTempDirectory("flink-cluster-");
        Path confDir = Files.createDirectories(workDir.resolve("conf"));
        Files.createDirectories(workDir.resolve("tmp"));
        Configuration conf = GlobalConfiguration.loadConfiguration("flink-conf");
        int restPort = freePort();
        conf.setString("rest.port", String.valueOf(restPort));
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("jobmanager.rpc.address", "127.0.0.1");
        conf.setString("jobmanager.rpc.port", String.valueOf(freePort()));
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString(
                "execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        conf.setString(
                "execution.checkpointing.savepoint-dir",
                workDir.resolve("savepoints").toUri().toString());
        overrides.forEach(conf::setString);
        Files.write(
                confDir.resolve("config.yaml"),
                ConfigurationUtils.convertConfigToWritableLines(conf, false));
        Files.copy(
                Path.of("flink-conf/log4j-local.properties"), confDir.resolve("log4j.properties"));

        // As the distribution's scripts do: env.java.opts.all goes on every process's command line.
        List<String> jvmOptions =
                Arrays.stream(conf.getString("env.java.opts.all", "").split("\\s+"))
                        .filter(o -> !o.isBlank())
                        .toList();
        StandaloneFlinkCluster cluster =
                new StandaloneFlinkCluster(
                        workDir, confDir, processClasspath(), restPort, jvmOptions);
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Settings for a test cluster of several small processes on one machine: 1 GB JobManager, 1.6
     * GB TaskManagers with {@code slots} slots, and heartbeats that notice a killed TaskManager
     * within 5 seconds; {@code reporterPorts} is the Prometheus reporter's port range (one port
     * each).
     */
    public static Map<String, String> smallProcesses(int slots, String reporterPorts) {
        return Map.ofEntries(
                Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(slots)),
                Map.entry("jobmanager.memory.process.size", "1g"),
                Map.entry("taskmanager.memory.process.size", "1600m"),
                Map.entry("taskmanager.memory.task.off-heap.size", "256m"),
                Map.entry("taskmanager.memory.jvm-overhead.max", "512m"),
                Map.entry("taskmanager.memory.managed.fraction", "0.05"),
                Map.entry("heartbeat.interval", "1000"),
                Map.entry("heartbeat.timeout", "5000"),
                Map.entry("metrics.reporter.prom.port", reporterPorts));
    }

    /**
     * Submits the address-standardization job (this project's classes as a jar, the bundled model)
     * reading {@code topics} (input, output, dead letters) on {@code bootstrapServers}, with {@code
     * extraArgs} (job options) after those.
     */
    public String submitAddressJob(
            String bootstrapServers, List<String> topics, List<String> extraArgs) throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--input-topic",
                                topics.get(0),
                                "--output-topic",
                                topics.get(1),
                                "--dead-letter-topic",
                                topics.get(2),
                                "--model-dir",
                                Path.of("model/default").toAbsolutePath().toString()));
        args.addAll(extraArgs);
        return submit(jobJar(workDir), "io.github.addrstd.job.AddressStandardizationJob", args);
    }

    /** Starts one more TaskManager process (the replacement after a kill). */
    public synchronized Process startTaskManager() throws IOException, InterruptedException {
        Process utils =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                "GET_TM_RESOURCE_PARAMS",
                                "--configDir",
                                confDir.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(utils.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (utils.waitFor() != 0) {
            throw new IllegalStateException("BashJavaUtils failed: " + out);
        }
        List<String> results =
                out.lines()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip())
                        .toList();
        if (results.size() < 2) {
            throw new IllegalStateException("unexpected BashJavaUtils output: " + out);
        }
        List<String> jvmArgs = Arrays.asList(results.get(0).split("\\s+"));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(Arrays.asList(results.get(1).split("\\s+")));
        Process tm =
                launch(
                        "taskmanager-" + (++started),
                        jvmArgs,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        args);
        taskManagers.add(tm);
        return tm;
    }

    private Process launch(String name, List<String> jvmArgs, String mainClass, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmArgs);
        cmd.addAll(jvmOptions);
        // The processes' own temporary files (Flink's RPC jar, 20 MB each, the TaskManagers'
        // working directories, JAAS files) go under the cluster's directory: close() kills the
        // processes, so they never delete them, and /tmp would grow with every run.
        cmd.add("-Djava.io.tmpdir=" + processTmp());
        cmd.add("-Dlog.file=" + workDir.resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(name + ".out").toFile())
                .start();
    }

    /** The TaskManager processes started so far, live or killed. */
    public synchronized List<Process> taskManagerProcesses() {
        return List.copyOf(taskManagers);
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public Path workDir() {
        return workDir;
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public void awaitTaskManagers(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                JsonNode overview = get("/overview");
                last = overview.toString();
                if (overview.path("taskmanagers").asInt() == count) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "expected "
                        + count
                        + " TaskManagers within "
                        + timeout
                        + "; last: "
                        + last
                        + "; logs in "
                        + workDir);
    }

    /**
     * Uploads {@code jar} (POST /jars/upload) and runs {@code entryClass} with {@code args};
     * returns the job id.
     */
    public String submit(Path jar, String entryClass, List<String> args) throws Exception {
        String boundary = "----chaos" + UUID.randomUUID();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> upload =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArrays(
                                                List.of(head, Files.readAllBytes(jar), tail)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode uploaded = JSON.readTree(upload.body());
        if (!"success".equals(uploaded.path("status").asText())) {
            throw new IllegalStateException("jar upload failed: " + upload.body());
        }
        String jarId = Path.of(uploaded.get("filename").asText()).getFileName().toString();
        String body =
                JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", args));
        HttpResponse<String> run =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofMinutes(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode ran = JSON.readTree(run.body());
        if (!ran.has("jobid")) {
            throw new IllegalStateException("job submission failed: " + run.body());
        }
        return ran.get("jobid").asText();
    }

    /** POSTs {@code body} (JSON) to {@code path} and returns the JSON answer. */
    public JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl() + path))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Free slots over all registered TaskManagers. */
    public int freeSlots() throws Exception {
        return get("/overview").path("slots-available").asInt();
    }

    public String jobStatus(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * How often the job failed over: the failures in the JobManager's exception history (a regional
     * failover restarts only the pipelines of the lost TaskManager and is not always counted by the
     * {@code numRestarts} metric), or that metric where it is larger.
     */
    public long restarts(String jobId) throws Exception {
        JsonNode metrics = get("/jobs/" + jobId + "/metrics?get=numRestarts");
        long numRestarts =
                metrics.isArray() && !metrics.isEmpty() ? metrics.get(0).path("value").asLong() : 0;
        long failures =
                get("/jobs/" + jobId + "/exceptions?maxExceptions=1000")
                        .path("exceptionHistory")
                        .path("entries")
                        .size();
        return Math.max(numRestarts, failures);
    }

    public void awaitJobStatus(String jobId, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = jobStatus(jobId);
            if (last.equals(status)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "job "
                        + jobId
                        + " is "
                        + last
                        + ", not "
                        + status
                        + " after "
                        + timeout
                        + "; logs in "
                        + workDir);
    }

    /**
     * Every subtask of the job is RUNNING (not only the job): records flow again after a restart.
     */
    public void awaitAllTasksRunning(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/jobs/" + jobId);
            boolean all = job.path("state").asText().equals("RUNNING");
            for (JsonNode v : job.path("vertices")) {
                // Every subtask, not the vertex's summary: after a regional failover a vertex still
                // reads
                // RUNNING while the lost TaskManager's subtasks wait for slots.
                all &= v.path("tasks").path("RUNNING").asInt() == v.path("parallelism").asInt();
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "tasks of " + jobId + " not all RUNNING after " + timeout + "; logs in " + workDir);
    }

    public void cancel(String jobId) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Kills every process and deletes their temporary files; the logs stay in {@link #workDir}. */
    @Override
    public void close() {
        List<Process> all = new ArrayList<>(taskManagers);
        all.add(jobManager);
        for (Process p : all) {
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FileUtils.deleteDirectoryQuietly(processTmp().toFile());
    }

    private Path processTmp() {
        return workDir.resolve("tmp");
    }

    /**
     * A jar of this project's classes and resources (target/classes): the job as a user would
     * submit it, with its dependencies provided by the cluster's classpath.
     */
    public static Path jobJar(Path dir) throws IOException {
        Path classes = Path.of("target/classes");
        Path jar = dir.resolve("address-standardizer-job.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            Files.walkFileTree(
                    classes,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs)
                                throws IOException {
                            out.putNextEntry(
                                    new JarEntry(
                                            classes.relativize(f)
                                                    .toString()
                                                    .replace(File.separatorChar, '/')));
                            Files.copy(f, out);
                            out.closeEntry();
                            return FileVisitResult.CONTINUE;
                        }
                    });
        }
        return jar;
    }

    /**
     * This JVM's classpath without the project's own classes: Flink, Kafka, DJL and the other
     * libraries.
     */
    private static String processClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("target/classes") && !e.endsWith("target/test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
