package io.github.addrstd.cluster;

import io.github.addrstd.local.EmbeddedKafkaBroker;
import io.github.addrstd.tools.BenchmarkCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SIGKILLs TaskManager processes of a real multi-process Flink cluster while the job streams: each
 * kill lands while records are in flight and the sinks' open transactions hold uncommitted output
 * (proven by the gap between records produced and records committed at that instant). Afterwards
 * every input key is looked up in both output topics with read_committed: lost and duplicated
 * records are counted, each restart is read from the JobManager, and the records produced after
 * each recovery are checked to have been tagged by the model, not degraded. The last share of the
 * records waits for the last recovery, so that check never runs on nothing.
 */
public final class ChaosRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to run. */
    public record Settings(int records, int kills, int ratePerSecond, int taskManagers) {}

    /** One kill and the recovery after it. */
    public record Kill(
            int number,
            long producedAtKill,
            long committedAtKill,
            long restartsAfter,
            double recoverySeconds,
            long recoveredAtMillis) {

        /**
         * Produced but not committed when the process died: in flight, or in an open transaction.
         */
        public long uncommittedAtKill() {
            return producedAtKill - committedAtKill;
        }
    }

    /** The outcome. */
    public record Report(
            int records,
            List<Kill> kills,
            long restarts,
            long lost,
            long duplicated,
            long standardized,
            long deadLettered,
            long degraded,
            long taggedAfterLastRecovery,
            double seconds) {

        public void print(PrintStream out) {
            out.println();
            out.println(
                    "| kill | produced at kill | committed at kill | uncommitted at kill | restarts"
                            + " after | recovery s |");
            out.println("|---:|---:|---:|---:|---:|---:|");
            for (Kill k : kills) {
                out.printf(
                        "| %d | %d | %d | %d | %d | %.1f |%n",
                        k.number(),
                        k.producedAtKill(),
                        k.committedAtKill(),
                        k.uncommittedAtKill(),
                        k.restartsAfter(),
                        k.recoverySeconds());
            }
            out.println();
            out.println(
                    "| records | kills | restarts | lost | duplicated | standardized | dead letters"
                            + " | degraded | model-tagged after last recovery | seconds |");
            out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            out.printf(
                    "| %d | %d | %d | %d | %d | %d | %d | %d | %d | %.0f |%n",
                    records,
                    kills.size(),
                    restarts,
                    lost,
                    duplicated,
                    standardized,
                    deadLettered,
                    degraded,
                    taggedAfterLastRecovery,
                    seconds);
        }
    }

    private ChaosRun() {}

    public static Report run(Settings settings, PrintStream log) throws Exception {
        long started = System.nanoTime();
        List<String> addresses = BenchmarkCommand.realOrSampleAddresses();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String in = "chaos-raw-" + suffix;
        String outTopic = "chaos-out-" + suffix;
        String dlq = "chaos-dlq-" + suffix;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            EmbeddedKafkaBroker.createTopics(
                    broker.bootstrapServers(), List.of(in, outTopic, dlq), 4, (short) 1);
            int slots = 2;
            Map<String, String> overrides =
                    new java.util.HashMap<>(
                            StandaloneFlinkCluster.smallProcesses(slots, "9270-9290"));
            overrides.put("parallelism.default", String.valueOf(slots * settings.taskManagers()));
            overrides.put("jobmanager.scheduler", "default");
            log.printf(
                    "starting a JobManager and %d TaskManagers as processes ...%n",
                    settings.taskManagers());
            try (StandaloneFlinkCluster cluster =
                    StandaloneFlinkCluster.start(settings.taskManagers(), overrides)) {
                log.printf("cluster up at %s (logs in %s)%n", cluster.restUrl(), cluster.workDir());
                String jobId =
                        cluster.submitAddressJob(
                                broker.bootstrapServers(),
                                List.of(in, outTopic, dlq),
                                List.of(
                                        "--checkpoint.interval",
                                        "2 s",
                                        // Every slot busy: each TaskManager holds subtasks, so each
                                        // kill interrupts the job.
                                        "--parallelism",
                                        String.valueOf(slots * settings.taskManagers()),
                                        "--starting-offsets",
                                        "EARLIEST",
                                        "--async.capacity",
                                        "64",
                                        "--job-name",
                                        "chaos-" + suffix));
                cluster.awaitAllTasksRunning(jobId, Duration.ofMinutes(3));
                log.printf("job %s running%n", jobId);

                Outputs outputs = new Outputs(broker.bootstrapServers(), List.of(outTopic, dlq));
                Thread reader = new Thread(outputs, "chaos-reader");
                reader.start();
                AtomicLong produced = new AtomicLong();
                // The last records wait for the last recovery, so some are certainly produced (and
                // must be tagged by the model) after it, however long recoveries take and however
                // fast the job then drains its backlog.
                CountDownLatch recovered = new CountDownLatch(1);
                int heldBack = settings.records() / (2 * (settings.kills() + 1));
                Thread producer =
                        new Thread(
                                () ->
                                        produce(
                                                broker.bootstrapServers(),
                                                in,
                                                addresses,
                                                settings,
                                                produced,
                                                settings.records() - heldBack,
                                                recovered),
                                "chaos-producer");
                producer.start();

                List<Kill> kills = new ArrayList<>();
                try {
                    for (int k = 1; k <= settings.kills(); k++) {
                        // Kill once the job has committed its share of the stream, so every kill
                        // lands while it works (and the producer, still ahead, keeps records in
                        // flight), however long recoveries take.
                        long at = (long) settings.records() * k / (settings.kills() + 1);
                        while (outputs.distinctKeys() < at && producer.isAlive()) {
                            Thread.sleep(20);
                        }
                        List<Process> live =
                                cluster.taskManagerProcesses().stream()
                                        .filter(Process::isAlive)
                                        .toList();
                        if (cluster.freeSlots() > 0) {
                            throw new IllegalStateException(
                                    "a TaskManager is idle (free slots): a kill there would prove"
                                            + " nothing");
                        }
                        Process victim = live.get(k % live.size());
                        long restartsBefore = cluster.restarts(jobId);
                        long producedAtKill = produced.get();
                        long committedAtKill = outputs.distinctKeys();
                        // SIGKILL: no shutdown hook, no flush, no transaction abort.
                        victim.destroyForcibly();
                        long killed = System.nanoTime();
                        log.printf(
                                "kill %d: SIGKILL TaskManager pid %d with %d records produced, %d"
                                        + " committed%n",
                                k, victim.pid(), producedAtKill, committedAtKill);
                        // A replacement, as Kubernetes or a supervisor would start.
                        cluster.startTaskManager();
                        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                        while (cluster.restarts(jobId) <= restartsBefore
                                && System.nanoTime() < deadline) {
                            Thread.sleep(200);
                        }
                        cluster.awaitAllTasksRunning(jobId, Duration.ofMinutes(5));
                        long restartsAfter = cluster.restarts(jobId);
                        double recovery = (System.nanoTime() - killed) / 1e9;
                        kills.add(
                                new Kill(
                                        k,
                                        producedAtKill,
                                        committedAtKill,
                                        restartsAfter,
                                        recovery,
                                        System.currentTimeMillis()));
                        log.printf(
                                "kill %d: restarts %d -> %d, all tasks running again after %.1f"
                                        + " s%n",
                                k, restartsBefore, restartsAfter, recovery);
                    }
                } finally {
                    recovered.countDown(); // also when a kill or recovery fails
                }
                producer.join();
                log.printf("produced %d records; waiting for the output ...%n", produced.get());
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (outputs.distinctKeys() < settings.records()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(6_000); // two more checkpoints: anything duplicated would show now
                outputs.stop();
                reader.join();
                long restarts = cluster.restarts(jobId);
                cluster.cancel(jobId);

                long lastRecovery =
                        kills.isEmpty() ? 0 : kills.get(kills.size() - 1).recoveredAtMillis();
                long lost = 0;
                for (int i = 0; i < settings.records(); i++) {
                    if (!outputs.counts.containsKey("c-" + i)) {
                        lost++;
                    }
                }
                long duplicated = outputs.total.get() - outputs.distinctKeys();
                return new Report(
                        settings.records(),
                        kills,
                        restarts,
                        lost,
                        duplicated,
                        outputs.standardized.get(),
                        outputs.deadLettered.get(),
                        outputs.degraded.get(),
                        outputs.taggedAfter(lastRecovery),
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static void produce(
            String bootstrap,
            String topic,
            List<String> addresses,
            Settings settings,
            AtomicLong produced,
            int holdAt,
            CountDownLatch resume) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < settings.records(); i++) {
                if (i == holdAt) {
                    producer.flush();
                    if (!resume.await(15, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("no recovery to resume after");
                    }
                    start = System.nanoTime() - (long) (i * 1e9 / settings.ratePerSecond());
                }
                long due = start + (long) (i * 1e9 / settings.ratePerSecond());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String key = "c-" + i;
                String value =
                        JSON.writeValueAsString(
                                Map.of("id", key, "address", addresses.get(i % addresses.size())));
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                value.getBytes(StandardCharsets.UTF_8)));
                produced.incrementAndGet();
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException("producer failed", e);
        }
    }

    /** Reads both output topics with read_committed, counting each key. */
    private static final class Outputs implements Runnable {
        final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        final Map<String, Long> taggedAt = new ConcurrentHashMap<>();
        final AtomicLong total = new AtomicLong();
        final AtomicLong standardized = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        final AtomicLong degraded = new AtomicLong();
        private final String bootstrap;
        private final List<String> topics;
        private volatile boolean running = true;

        Outputs(String bootstrap, List<String> topics) {
            this.bootstrap = bootstrap;
            this.topics = topics;
        }

        long distinctKeys() {
            return counts.size();
        }

        /**
         * Records processed after {@code millis} that the model tagged (standardized, not
         * degraded).
         */
        long taggedAfter(long millis) {
            return taggedAt.values().stream().filter(t -> t > millis).count();
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer =
                    EmbeddedKafkaBroker.readCommittedConsumer(bootstrap, "chaos-reader")) {
                consumer.subscribe(topics);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        total.incrementAndGet();
                        if (r.topic().equals(topics.get(0))) {
                            standardized.incrementAndGet();
                            JsonNode v = JSON.readTree(r.value());
                            if (v.at("/standardized/degraded").asBoolean(false)) {
                                degraded.incrementAndGet();
                            } else {
                                taggedAt.put(
                                        key,
                                        java.time.Instant.parse(v.get("processed_at").asText())
                                                .toEpochMilli());
                            }
                        } else {
                            deadLettered.incrementAndGet();
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("reader failed", e);
            }
        }
    }
}
