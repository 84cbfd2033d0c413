package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.model.DjlOffline;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole product on one machine: a real KRaft Kafka broker (unless {@code
 * --bootstrap-servers} points at one), the topics, the job on a local Flink cluster with its web UI
 * and Prometheus endpoint, a producer replaying the sample addresses in a loop (fresh ids each
 * round; {@code --once} for a single pass), and a read_committed consumer printing examples, a
 * status line and a summary, until the duration ends or Ctrl-C.
 *
 * <pre>
 * bin/run-local [--duration 2m] [--once] [--rate 20] [--bootstrap-servers host:port] [--samples file.jsonl]
 *               [--status-every 5s] [--web-port 8081] [any job option, e.g. --batch.max-size 32]
 * </pre>
 */
public final class LocalRunner {

    private static final List<String> LOCAL_KEYS =
            List.of(
                    "duration",
                    "samples",
                    "rate",
                    "web-port",
                    "flink-conf",
                    "once",
                    "status-every");

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool cli = ParameterTool.fromArgs(args);
        Duration duration =
                cli.has("duration") ? TimeUtils.parseDuration(cli.get("duration")) : null;
        Path samples = Path.of(cli.get("samples", "kafka/samples/raw-addresses.jsonl"));
        double rate = Double.parseDouble(cli.get("rate", "20"));
        boolean once = cli.has("once");
        Duration statusEvery = TimeUtils.parseDuration(cli.get("status-every", "5s"));
        int webPort = cli.getInt("web-port", 8081);

        Configuration jobConf = AddressJobOptions.fromArgsExcept(cli, LOCAL_KEYS);
        if (!jobConf.contains(AddressJobOptions.CHECKPOINT_INTERVAL)) {
            jobConf.set(
                    AddressJobOptions.CHECKPOINT_INTERVAL,
                    Duration.ofSeconds(2)); // see output quickly
        }

        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startUnlessConfigured(jobConf);
        String bootstrap = jobConf.get(AddressJobOptions.BOOTSTRAP_SERVERS);
        List<String> topics =
                List.of(
                        jobConf.get(AddressJobOptions.INPUT_TOPIC),
                        jobConf.get(AddressJobOptions.OUTPUT_TOPIC),
                        jobConf.get(AddressJobOptions.DEAD_LETTER_TOPIC));
        EmbeddedKafkaBroker.createTopics(bootstrap, topics, 2, (short) 1);
        System.out.println("Kafka at " + bootstrap + ", topics " + topics);

        Configuration flinkConf =
                GlobalConfiguration.loadConfiguration(cli.get("flink-conf", "flink-conf"));
        flinkConf.set(RestOptions.PORT, webPort);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
        new AddressStandardizationJob(jobConf).buildOnKafka(env);
        JobClient job = env.executeAsync(AddressStandardizationJob.JOB_NAME);
        String metricsUrl =
                "http://localhost:"
                        + flinkConf.getString("metrics.reporter.prom.port", "9249").split("-")[0]
                        + "/metrics";
        System.out.println(
                "Flink web UI: http://localhost:"
                        + webPort
                        + "  Prometheus metrics: "
                        + metricsUrl);
        System.out.printf(
                "Replaying %s at %.0f records/s%s%n",
                samples,
                rate,
                once ? ", once" : " in a loop (fresh ids each round; --once for a single pass)");

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        DemoProducer demo = new DemoProducer(bootstrap, topics.get(0), samples, rate, once, stop);
        Thread producer = new Thread(demo, "sample-producer");
        producer.setDaemon(true);
        producer.start();
        LiveView view = new LiveView(System.out, demo::sent, metricsUrl);
        try {
            long deadline =
                    duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            view.watch(bootstrap, topics.get(1), topics.get(2), deadline, stop, statusEvery);
            view.printSummary();
        } finally {
            System.out.println("Stopping ...");
            job.cancel().get(30, TimeUnit.SECONDS);
            if (broker != null) {
                broker.close();
            }
        }
    }
}
