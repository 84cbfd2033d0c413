package io.github.addrstd.local;

import io.github.addrstd.batching.MicroBatcher;
import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.source.StartingOffsets;
import io.github.addrstd.tools.ProcessCpuTime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * One run of the whole job over a list of addresses: a real Kafka broker, the job on a local Flink
 * cluster, a producer at a given rate (0: as fast as it can), and a read_committed consumer that
 * timestamps every output as a consumer sees it. Latency is from the input record's timestamp (set
 * when it is produced, and carried to the output record's Kafka timestamp by the sinks) to the
 * moment its committed output is read; throughput is the measured records over the time from the
 * first produced to the last read.
 *
 * <p>The reader only counts outputs and reads their Kafka timestamps: it shares the job's cores, so
 * it does no more than it must (it used to parse every output's JSON). The phases keep the counts
 * apart: the warm-up's outputs are all read before the measured records are produced.
 */
final class PipelineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured; CPU in microseconds a record, by whose threads spent it. */
    record Result(
            long records,
            double recordsPerSecond,
            long p50Ms,
            long p95Ms,
            long p99Ms,
            String batchSizeQuantiles,
            double paddingRatio,
            long deadLetters,
            double jobCpuMicrosPerRecord,
            double modelCpuMicrosPerRecord,
            double processCpuMicrosPerRecord,
            double busyCores,
            double benchClientsCpuMicrosPerRecord,
            double otherThreadsCpuMicrosPerRecord) {

        /**
         * The part of {@link #jobCpuMicrosPerRecord} outside the model's passes: the task threads
         * (parsing, standardizing, writing JSON, the operators' bookkeeping), the source fetchers,
         * the sinks' producers and the batcher's completer.
         */
        double restOfJobCpuMicrosPerRecord() {
            return jobCpuMicrosPerRecord - modelCpuMicrosPerRecord;
        }

        /** Records per second one core sustains on the job's own threads. */
        double recordsPerSecondPerJobCore() {
            return 1e6 / jobCpuMicrosPerRecord;
        }

        /**
         * CPU a record costs outside the job's own threads, on the same cores: the benchmark's
         * producer and reader, the broker, the cluster's coordination, the JIT compiler, the
         * collector.
         */
        double otherCpuMicrosPerRecord() {
            return processCpuMicrosPerRecord - jobCpuMicrosPerRecord;
        }

        /**
         * The part of {@link #otherCpuMicrosPerRecord} no live Java thread accounts for: the JIT
         * compiler's and the collector's threads, which the JVM does not list, and any thread that
         * ended during the run (the bench's sending thread reports its own).
         */
        double jvmCpuMicrosPerRecord() {
            return otherCpuMicrosPerRecord()
                    - benchClientsCpuMicrosPerRecord
                    - otherThreadsCpuMicrosPerRecord;
        }
    }

    /**
     * The job's own per-record threads: Flink's task threads ({@code name (1/2)#0}), the Kafka
     * source fetchers, the micro-batcher and the sinks' producers (named by the run's transactional
     * ids).
     */
    private static final Pattern JOB_THREAD =
            Pattern.compile(
                    ".*\\(\\d+/\\d+\\)#\\d+$|Source Data Fetcher for .*|"
                            + Pattern.quote(MicroBatcher.THREAD_NAME_PREFIX)
                            + ".*"
                            + "|kafka-producer-network-thread \\| producer-bench-.*");

    /**
     * The benchmark's own load: its producer (the sending thread and its client's network thread)
     * and its reader (the main thread, which polls, and its group's heartbeat thread).
     */
    private static final Pattern BENCH_THREAD =
            Pattern.compile("main|bench-producer|.*\\| bench-(load|reader)-.*");

    /** A live Java thread's name and its CPU nanoseconds so far. */
    private record ThreadCpu(String name, long nanos) {}

    /** Every live Java thread's CPU so far, by thread id. */
    private static Map<Long, ThreadCpu> threadCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long nanos = mx.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
                }
            }
        }
        return cpu;
    }

    private final String bootstrap;
    private final Configuration jobConf;
    private final Configuration flinkConf;
    private final int firstPort;
    private final int lastPort;

    PipelineBenchmark(String bootstrap, Configuration jobConf, Configuration flinkConf) {
        this.bootstrap = bootstrap;
        this.jobConf = jobConf;
        this.flinkConf = flinkConf;
        String[] ports = flinkConf.getString("metrics.reporter.prom.port", "9249").split("-");
        this.firstPort = Integer.parseInt(ports[0].strip());
        this.lastPort = Integer.parseInt(ports[ports.length - 1].strip());
    }

    /**
     * Runs the job on fresh topics named after {@code run}: {@code warmup} records first (not
     * measured: the model loads, the JIT compiles), then {@code records} at {@code rate}.
     */
    Result run(String run, List<String> addresses, int warmup, int records, double rate)
            throws Exception {
        Configuration conf = new Configuration(jobConf);
        String input = "bench-raw-" + run;
        String output = "bench-out-" + run;
        String dlq = "bench-dlq-" + run;
        conf.set(AddressJobOptions.BOOTSTRAP_SERVERS, bootstrap);
        conf.set(AddressJobOptions.INPUT_TOPIC, input);
        conf.set(AddressJobOptions.OUTPUT_TOPIC, output);
        conf.set(AddressJobOptions.DEAD_LETTER_TOPIC, dlq);
        conf.set(AddressJobOptions.GROUP_ID, "bench-" + run);
        conf.set(AddressJobOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        conf.set(AddressJobOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + run);
        // One partition per source subtask, or the job's other subtasks idle.
        int parallelism = conf.get(AddressJobOptions.PARALLELISM);
        int partitions =
                parallelism > 0 ? parallelism : flinkConf.get(CoreOptions.DEFAULT_PARALLELISM);
        EmbeddedKafkaBroker.createTopics(
                bootstrap, List.of(input, output, dlq), partitions, (short) 1);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(flinkConf);
        new AddressStandardizationJob(conf).buildOnKafka(env);
        String jobName = "address-standardization-bench-" + run;
        JobClient job = env.executeAsync(jobName);
        try (KafkaProducer<byte[], byte[]> producer = producer("bench-load-" + run);
                KafkaConsumer<byte[], byte[]> consumer =
                        EmbeddedKafkaBroker.readCommittedConsumer(
                                bootstrap, "bench-reader-" + run)) {
            consumer.subscribe(List.of(output, dlq));
            send(producer, input, addresses, "w", warmup, 0);
            await(consumer, output, warmup, new ArrayList<>(), new AtomicLong());

            Map<Long, ThreadCpu> threadsBefore = threadCpuNanos();
            long processCpuBefore = ProcessCpuTime.nanos();
            long wallBefore = System.nanoTime();
            long started = System.currentTimeMillis();
            AtomicLong senderCpu = new AtomicLong();
            Thread sender =
                    new Thread(
                            () -> {
                                send(producer, input, addresses, "m", records, rate);
                                senderCpu.set(
                                        ManagementFactory.getThreadMXBean()
                                                .getCurrentThreadCpuTime());
                            },
                            "bench-producer");
            sender.start();
            List<Long> latencies = new ArrayList<>(records);
            AtomicLong deadLetters = new AtomicLong();
            long lastRead = await(consumer, output, records, latencies, deadLetters);
            sender.join(); // done: every record it sent has come out
            long processCpu = ProcessCpuTime.nanos() - processCpuBefore;
            long wallNanos = Math.max(1, System.nanoTime() - wallBefore); // as processCpu
            long jobCpu = 0;
            long modelCpu = 0;
            long benchCpu = senderCpu.get(); // no longer listed among the live threads
            long otherThreadsCpu = 0;
            for (Map.Entry<Long, ThreadCpu> t : threadCpuNanos().entrySet()) {
                ThreadCpu before = threadsBefore.get(t.getKey());
                long spent = t.getValue().nanos() - (before == null ? 0 : before.nanos());
                String name = t.getValue().name();
                if (JOB_THREAD.matcher(name).matches()) {
                    jobCpu += spent;
                    if (MicroBatcher.isWorkerThread(name)) { // the model's passes
                        modelCpu += spent;
                    }
                } else if (BENCH_THREAD.matcher(name).matches()) {
                    benchCpu += spent;
                } else {
                    otherThreadsCpu += spent; // the broker, the cluster's coordination
                }
            }
            String metrics = scrape(jobName);
            return new Result(
                    records,
                    records / Math.max(1e-3, (lastRead - started) / 1000.0),
                    LiveView.percentile(latencies, 0.50),
                    LiveView.percentile(latencies, 0.95),
                    LiveView.percentile(latencies, 0.99),
                    batchSizeQuantiles(metrics),
                    PrometheusText.firstSample(metrics, "_inference_realTokens")
                            / PrometheusText.firstSample(metrics, "_inference_paddedTokens"),
                    deadLetters.get(),
                    jobCpu / 1e3 / records,
                    modelCpu / 1e3 / records,
                    processCpu / 1e3 / records,
                    (double) processCpu / wallNanos,
                    benchCpu / 1e3 / records,
                    otherThreadsCpu / 1e3 / records);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
            // Until the job has ended, not only until the cancellation is accepted: what runs next
            // in this process (the raw predictor's timing, the next run) must not share the cores
            // with its tasks winding down.
            try {
                job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException cancelled) {
                // A cancelled job's result is a failure: that is the end waited for.
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer(String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId); // names its thread (BENCH_THREAD)
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends {@code count} records with ids {@code prefix-i}, cycling the addresses. */
    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            List<String> addresses,
            String prefix,
            int count,
            double rate) {
        long pause = rate > 0 ? (long) (1e9 / rate) : 0;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            ObjectNode record = JSON.createObjectNode();
            String id = prefix + "-" + i;
            record.put("id", id);
            record.put("address", addresses.get(i % addresses.size()));
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            null,
                            System.currentTimeMillis(), // the latency clock starts here
                            id.getBytes(StandardCharsets.UTF_8),
                            record.toString().getBytes(StandardCharsets.UTF_8)));
            if (pause > 0) {
                next += pause;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        producer.flush();
    }

    /**
     * Reads until {@code count} more records came out (output or dead letter); returns the wall
     * time of the last one. Latency needs no parsing: the sinks write each output with its input
     * record's timestamp.
     */
    private static long await(
            KafkaConsumer<byte[], byte[]> consumer,
            String output,
            int count,
            List<Long> latencies,
            AtomicLong deadLetters) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        int seen = 0;
        long last = System.currentTimeMillis();
        while (seen < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + seen + " of " + count + " records came out in 10 minutes");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                long now = System.currentTimeMillis();
                seen++;
                last = now;
                if (r.topic().equals(output)) {
                    latencies.add(now - r.timestamp());
                } else {
                    deadLetters.incrementAndGet();
                }
            }
        }
        return last;
    }

    /**
     * The metrics of this run's job: the reporter takes the first free port of its range, and the
     * previous run's cluster may still hold one while it shuts down.
     */
    private String scrape(String jobName) {
        HttpClient http = HttpClient.newHttpClient();
        for (int port = firstPort; port <= lastPort; port++) {
            try {
                String body =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://localhost:"
                                                                        + port
                                                                        + "/metrics"))
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                                .body();
                // filterLabelValueCharacters turns the name's dashes into underscores
                if (body.contains(jobName) || body.contains(jobName.replace('-', '_'))) {
                    return body;
                }
            } catch (Exception e) {
                // nothing on this port
            }
        }
        return "";
    }

    /** The batch-size quantiles (p50/p95/p99, over the last 1,024 batches) of the tagger. */
    private static String batchSizeQuantiles(String metrics) {
        List<String> parts = new ArrayList<>();
        for (String q : List.of("0.5", "0.95", "0.99")) {
            parts.add(
                    PrometheusText.rounded(
                            PrometheusText.firstSample(
                                    metrics, "_inference_batchSize", "quantile=\"" + q + "\"")));
        }
        return String.join(" / ", parts);
    }
}
