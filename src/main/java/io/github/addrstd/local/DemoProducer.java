package io.github.addrstd.local;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a sample file into the input topic at a steady rate, in a loop by default so the web UI,
 * the metrics and a dashboard show live traffic: round 2 onwards gets fresh ids ({@code hw-001~2}),
 * so every record is a new one for consumers. Lines that are not JSON objects (the samples' broken
 * records, sent on purpose) go out as they are, without a key.
 */
final class DemoProducer implements Runnable {

    private final String bootstrap;
    private final String topic;
    private final Path samples;
    private final double rate;
    private final boolean once;
    private final CountDownLatch stop;
    private final AtomicLong sent = new AtomicLong();

    DemoProducer(
            String bootstrap,
            String topic,
            Path samples,
            double rate,
            boolean once,
            CountDownLatch stop) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.samples = samples;
        this.rate = rate;
        this.once = once;
        this.stop = stop;
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void run() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<String> lines =
                    Files.readAllLines(samples, StandardCharsets.UTF_8).stream()
                            .filter(line -> !line.isBlank())
                            .toList();
            long pauseNanos = rate > 0 ? (long) (1e9 / rate) : 0;
            long next = System.nanoTime();
            for (int round = 1; stop.getCount() > 0 && (round == 1 || !once); round++) {
                for (String line : lines) {
                    if (stop.getCount() == 0) {
                        break;
                    }
                    Keyed record = withRound(line, round);
                    producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
                    sent.incrementAndGet();
                    if (pauseNanos > 0) {
                        next += pauseNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                }
                producer.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("Sample producer failed: " + e);
        }
    }

    record Keyed(byte[] key, byte[] value) {}

    /**
     * A top-level string or integer id, so that it can be changed without touching any other byte.
     */
    private static final Pattern ID =
            Pattern.compile("\"id\"\\s*:\\s*(?:\"([^\"\\\\]*)\"|(-?\\d+))");

    /**
     * The line with {@code ~round} appended to its id from round 2 on, as text: a sample that is
     * broken on purpose (a repeated key, bad nesting) stays exactly as broken. The id is the key.
     */
    static Keyed withRound(String line, int round) {
        Matcher id = ID.matcher(line);
        if (!id.find()) {
            return new Keyed(
                    null, line.getBytes(StandardCharsets.UTF_8)); // sent on purpose without an id
        }
        String original = id.group(1) != null ? id.group(1) : id.group(2);
        if (round == 1) {
            return new Keyed(
                    original.getBytes(StandardCharsets.UTF_8),
                    line.getBytes(StandardCharsets.UTF_8));
        }
        String fresh = original + "~" + round;
        String value =
                line.substring(0, id.start())
                        + "\"id\":\""
                        + fresh
                        + "\""
                        + line.substring(id.end());
        return new Keyed(
                fresh.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
