package io.github.addrstd.local;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.job.AddressStandardizationJob;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.source.StartingOffsets;
import io.github.addrstd.tools.BenchmarkCommand;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/soak [--minutes 30] [--rate 300] [--sample-seconds 60] [--samples FILE]}: the whole
 * job (embedded broker, local Flink cluster, the default model) at a steady rate; every interval it
 * samples the heap after a full GC, the process's resident memory (libtorch's native memory
 * included), GC count and time, and the committed output rate, and prints a table. Memory must stay
 * flat after warm-up: the run fails if heap or RSS grew more than 5 % from the first sample after
 * warm-up to the last ones.
 */
public final class SoakCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final double MAX_GROWTH = 0.05;

    /** One sample. */
    record Sample(
            double minute,
            long heapAfterGcMb,
            long rssMb,
            long gcCount,
            long gcMillis,
            double outputPerSecond,
            long produced,
            long committed) {}

    private SoakCommand() {}

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool p = ParameterTool.fromArgs(args);
        double minutes = p.getDouble("minutes", 30);
        double rate = p.getDouble("rate", 300);
        long sampleMillis = (long) (p.getDouble("sample-seconds", 60) * 1000);
        List<String> addresses =
                p.has("samples")
                        ? BenchmarkCommand.sampleAddresses(Path.of(p.get("samples")))
                        : BenchmarkCommand.realOrSampleAddresses();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Configuration job = new Configuration();
            job.set(AddressJobOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
            job.set(AddressJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(5));
            job.set(AddressJobOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
            EmbeddedKafkaBroker.createTopics(
                    broker.bootstrapServers(),
                    List.of(
                            job.get(AddressJobOptions.INPUT_TOPIC),
                            job.get(AddressJobOptions.OUTPUT_TOPIC),
                            job.get(AddressJobOptions.DEAD_LETTER_TOPIC)),
                    2,
                    (short) 1);
            Configuration flink = GlobalConfiguration.loadConfiguration("flink-conf");
            flink.setString("metrics.reporter.prom.port", "9290-9299");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flink);
            new AddressStandardizationJob(job).buildOnKafka(env);
            JobClient client = env.executeAsync("soak");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong produced = new AtomicLong();
            AtomicLong committed = new AtomicLong();
            Thread producer =
                    new Thread(
                            () ->
                                    produce(
                                            broker.bootstrapServers(),
                                            job.get(AddressJobOptions.INPUT_TOPIC),
                                            addresses,
                                            rate,
                                            running,
                                            produced),
                            "soak-producer");
            Thread consumer =
                    new Thread(
                            () ->
                                    consume(
                                            broker.bootstrapServers(),
                                            List.of(
                                                    job.get(AddressJobOptions.OUTPUT_TOPIC),
                                                    job.get(AddressJobOptions.DEAD_LETTER_TOPIC)),
                                            running,
                                            committed),
                            "soak-consumer");
            producer.start();
            consumer.start();

            System.out.printf(
                    "soak: %.0f min at %.0f records/s, a sample every %d s, %d addresses%n",
                    minutes, rate, sampleMillis / 1000, addresses.size());
            System.out.println(
                    "| minute | heap after GC MB | RSS MB | GC count | GC ms | output/s | produced"
                            + " | committed |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
            List<Sample> table = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            long lastCommitted = 0;
            long lastAt = start;
            while (System.nanoTime() < end) {
                Thread.sleep(
                        Math.min(sampleMillis, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                long now = System.nanoTime();
                long c = committed.get();
                Sample s =
                        sample(
                                (now - start) / 60e9,
                                (c - lastCommitted) / ((now - lastAt) / 1e9),
                                produced.get(),
                                c);
                lastCommitted = c;
                lastAt = now;
                table.add(s);
                System.out.printf(
                        "| %.1f | %d | %d | %d | %d | %.0f | %d | %d |%n",
                        s.minute(),
                        s.heapAfterGcMb(),
                        s.rssMb(),
                        s.gcCount(),
                        s.gcMillis(),
                        s.outputPerSecond(),
                        s.produced(),
                        s.committed());
            }
            running.set(false);
            producer.join();
            consumer.join();
            client.cancel().get(30, TimeUnit.SECONDS);
            boolean flat = report(table);
            System.exit(flat ? 0 : 1);
        }
    }

    /**
     * Prints the growth after warm-up (the first quarter of the samples); true when within
     * MAX_GROWTH.
     */
    static boolean report(List<Sample> table) {
        if (table.size() < 4) {
            System.out.println("too few samples to judge growth (need 4)");
            return true;
        }
        int warm = Math.max(1, table.size() / 4);
        Sample base = table.get(warm);
        List<Sample> tail =
                table.subList(
                        Math.max(warm + 1, table.size() - Math.max(1, table.size() / 4)),
                        table.size());
        double heapGrowth =
                tail.stream().mapToLong(Sample::heapAfterGcMb).max().orElse(0)
                                / (double) base.heapAfterGcMb()
                        - 1;
        double rssGrowth =
                tail.stream().mapToLong(Sample::rssMb).max().orElse(0) / (double) base.rssMb() - 1;
        boolean flat = heapGrowth <= MAX_GROWTH && rssGrowth <= MAX_GROWTH;
        System.out.printf(
                "%nafter warm-up (from minute %.1f): heap after GC %+.1f %%, RSS %+.1f %% (limit"
                        + " +%.0f %%): %s%n",
                base.minute(),
                100 * heapGrowth,
                100 * rssGrowth,
                100 * MAX_GROWTH,
                flat ? "FLAT" : "GROWING");
        return flat;
    }

    private static Sample sample(
            double minute, double outputPerSecond, long produced, long committed) throws Exception {
        System.gc();
        long heap =
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return new Sample(
                minute,
                heap,
                residentMb(),
                gcCount,
                gcMillis,
                outputPerSecond,
                produced,
                committed);
    }

    /**
     * VmRSS of this process from /proc (Linux): the JVM heap plus native memory such as libtorch's.
     */
    static long residentMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static void produce(
            String bootstrap,
            String topic,
            List<String> addresses,
            double rate,
            AtomicBoolean running,
            AtomicLong produced) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; running.get(); i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = "soak-" + i;
                byte[] value =
                        JSON.writeValueAsBytes(
                                Map.of(
                                        "id",
                                        id,
                                        "address",
                                        addresses.get((int) (i % addresses.size()))));
                producer.send(
                        new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value));
                produced.incrementAndGet();
            }
        } catch (Exception e) {
            System.err.println("soak producer failed: " + e);
        }
    }

    private static void consume(
            String bootstrap, List<String> topics, AtomicBoolean running, AtomicLong committed) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                EmbeddedKafkaBroker.readCommittedConsumer(bootstrap, "soak-reader")) {
            consumer.subscribe(topics);
            while (running.get()) {
                committed.addAndGet(consumer.poll(Duration.ofMillis(500)).count());
            }
        }
    }
}
