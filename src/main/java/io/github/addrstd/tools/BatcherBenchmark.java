package io.github.addrstd.tools;

import io.github.addrstd.batching.BatcherListener;
import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.batching.MicroBatcher;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.PaddingCounter;
import io.github.addrstd.model.SimulatedAccelerator;
import io.github.addrstd.model.SimulatedAcceleratorTagger;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The micro-batcher in front of a {@link SimulatedAccelerator}: first at saturation (every source
 * keeps its async capacity of requests outstanding), then open-loop at fractions of the saturated
 * throughput (Poisson arrivals; latency counted from each record's scheduled arrival, so a stalled
 * submitter cannot hide queueing). Prints load → (throughput, p50, p99, mean batch, device busy)
 * and can draw the curve as a PNG.
 */
final class BatcherBenchmark {

    /** One measured load level. */
    record Level(
            String load,
            double offeredPerSecond,
            double throughput,
            double p50Ms,
            double p99Ms,
            double meanBatch,
            double deviceBusy,
            double realOverPadded,
            long rejected) {}

    private final SimulatedAccelerator device;
    private final BatchingSettings settings;
    private final int sources;
    private final int capacityPerSource;
    private final List<String> addresses;

    BatcherBenchmark(
            SimulatedAccelerator device,
            BatchingSettings settings,
            int sources,
            int capacityPerSource,
            List<String> addresses) {
        this.device = device;
        this.settings = settings;
        this.sources = sources;
        this.capacityPerSource = capacityPerSource;
        this.addresses = addresses;
    }

    /** Saturation first, then each fraction of it. */
    List<Level> run(double seconds, double[] fractions) throws Exception {
        List<Level> levels = new ArrayList<>();
        Level saturated = measure("saturation", 0, seconds);
        levels.add(saturated);
        for (double fraction : fractions) {
            levels.add(
                    measure(
                            String.format("%.0f %%", fraction * 100),
                            fraction * saturated.throughput(),
                            seconds));
        }
        return levels;
    }

    /** One level; {@code ratePerSecond} 0 means closed loop at full async capacity. */
    private Level measure(String label, double ratePerSecond, double seconds) throws Exception {
        AtomicLong batches = new AtomicLong();
        AtomicLong batched = new AtomicLong();
        BatcherListener counting =
                new BatcherListener() {
                    @Override
                    public void onBatch(int size, long cost, long oldestWaitNanos, long nanos) {
                        batches.incrementAndGet();
                        batched.addAndGet(size);
                    }
                };
        PaddingCounter padding = new PaddingCounter();
        SimulatedAcceleratorTagger tagger = new SimulatedAcceleratorTagger(device, padding);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong rejected = new AtomicLong();
        try (MicroBatcher<String, TaggingOutcome> batcher =
                new MicroBatcher<>(
                        "bench", settings, tagger::tag, tagger::estimateTokens, counting)) {
            // Warm-up: one second at the same load, not counted.
            drive(batcher, ratePerSecond, 1.0, new ConcurrentLinkedQueue<>(), new AtomicLong());
            long busyBefore = tagger.busyNanos();
            padding.reset();
            long batchesBefore = batches.get();
            long batchedBefore = batched.get();
            long start = System.nanoTime();
            long submitted = drive(batcher, ratePerSecond, seconds, latencies, rejected);
            long completed = submitted - rejected.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long n = batches.get() - batchesBefore;
            return new Level(
                    label,
                    ratePerSecond,
                    completed / elapsed,
                    percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6,
                    n == 0 ? 0 : (double) (batched.get() - batchedBefore) / n,
                    (tagger.busyNanos() - busyBefore) / (elapsed * 1e9),
                    padding.ratio(),
                    rejected.get());
        }
    }

    /**
     * Submits for {@code seconds} and waits for every submitted record; returns how many were
     * submitted. A record the batcher refuses (its queue full: offered load above what the device
     * sustains) is counted in {@code rejected}, as the job would dead-letter or degrade it. Closed
     * loop: each source keeps {@code capacityPerSource} outstanding, as Flink's async operator
     * does. Open loop: Poisson arrivals at {@code ratePerSecond}, spread over the sources.
     */
    private long drive(
            MicroBatcher<String, TaggingOutcome> batcher,
            double ratePerSecond,
            double seconds,
            ConcurrentLinkedQueue<Long> latencies,
            AtomicLong rejected)
            throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Semaphore outstanding = new Semaphore(sources * capacityPerSource);
        List<CompletableFuture<TaggingOutcome>> pending = new ArrayList<>();
        Random random = new Random(42);
        long next = System.nanoTime();
        long i = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long scheduled;
            if (ratePerSecond > 0) {
                if (next > now) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                scheduled = next;
                next += (long) (-Math.log(1 - random.nextDouble()) / ratePerSecond * 1e9);
            } else {
                if (!outstanding.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                scheduled = now;
            }
            String source = "subtask-" + (i % sources);
            String address = addresses.get((int) (i++ % addresses.size()));
            long arrival = scheduled;
            CompletableFuture<TaggingOutcome> f = batcher.submit(source, address);
            f.whenComplete(
                    (r, e) -> {
                        if (e == null) {
                            latencies.add(System.nanoTime() - arrival);
                        } else {
                            rejected.incrementAndGet();
                        }
                        if (ratePerSecond <= 0) {
                            outstanding.release();
                        }
                    });
            if (pending.size() > 100_000) {
                pending.removeIf(CompletableFuture::isDone);
            }
            pending.add(f);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((done, error) -> null) // refused records are counted, not thrown
                .get(60, TimeUnit.SECONDS);
        return i;
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
    }

    static void printTable(List<Level> levels) {
        System.out.println(
                "| load | offered/s | records/s | p50 ms | p99 ms | mean batch | device busy |"
                        + " real/padded tokens | refused (queue full) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Level l : levels) {
            System.out.printf(
                    "| %s | %s | %.0f | %.1f | %.1f | %.1f | %.1f %% | %.2f | %d |%n",
                    l.load(),
                    l.offeredPerSecond() == 0
                            ? "closed loop"
                            : String.format("%.0f", l.offeredPerSecond()),
                    l.throughput(),
                    l.p50Ms(),
                    l.p99Ms(),
                    l.meanBatch(),
                    l.deviceBusy() * 100,
                    l.realOverPadded(),
                    l.rejected());
        }
    }

    /** Latency (p50, p99) against achieved throughput, one point per level, as a PNG. */
    static void plot(List<Level> levels, String title, Path png) throws IOException {
        int w = 900;
        int h = 520;
        int left = 80;
        int right = 30;
        int top = 50;
        int bottom = 60;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        List<Level> sorted = new ArrayList<>(levels);
        sorted.sort((a, b) -> Double.compare(a.throughput(), b.throughput()));
        double maxX = sorted.stream().mapToDouble(Level::throughput).max().orElse(1) * 1.05;
        double maxY = sorted.stream().mapToDouble(Level::p99Ms).max().orElse(1) * 1.1;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(left, h - bottom, w - right, h - bottom);
        g.drawLine(left, top, left, h - bottom);
        for (int t = 0; t <= 5; t++) {
            int x = left + (w - left - right) * t / 5;
            int y = h - bottom - (h - top - bottom) * t / 5;
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left + 1, y, w - right, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f", maxX * t / 5), x - 15, h - bottom + 18);
            g.drawString(String.format("%.1f", maxY * t / 5), left - 45, y + 4);
        }
        g.drawString("records/s (achieved)", w / 2 - 60, h - 15);
        g.drawString("latency ms", 10, top - 10);
        double[][] series = {
            sorted.stream().mapToDouble(Level::p50Ms).toArray(),
            sorted.stream().mapToDouble(Level::p99Ms).toArray()
        };
        Color[] colors = {new Color(31, 119, 180), new Color(214, 39, 40)};
        String[] names = {"p50", "p99"};
        for (int s = 0; s < series.length; s++) {
            g.setColor(colors[s]);
            g.setStroke(new BasicStroke(2f));
            int[] xs = new int[sorted.size()];
            int[] ys = new int[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                xs[i] = left + (int) ((w - left - right) * sorted.get(i).throughput() / maxX);
                ys[i] = h - bottom - (int) ((h - top - bottom) * series[s][i] / maxY);
                g.fillOval(xs[i] - 4, ys[i] - 4, 8, 8);
            }
            g.drawPolyline(xs, ys, xs.length);
            g.drawString(names[s], w - right - 60, top + 18 * (s + 1));
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    static double[] fractions(String csv) {
        return Arrays.stream(csv.split(","))
                .mapToDouble(s -> Double.parseDouble(s.strip()))
                .toArray();
    }
}
