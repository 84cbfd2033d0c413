package io.github.addrstd.model;

import java.io.Serializable;
import java.util.List;

/**
 * A benchmark device, never a default: how long one forward pass takes as a function of the padded
 * tokens of its batch, interpolated between figures measured on a real accelerator, and a memory
 * budget above which a forward pass fails as CUDA does ({@code CUDA out of memory}), so that the
 * micro-batcher, the splitting path and the Flink-side cost per record can be measured on a machine
 * without the device. What it returns as elements is the caller's choice (see {@link
 * SimulatedAcceleratorTagger}); only the timing and the memory limit are simulated.
 *
 * @param name what the profile describes, printed by the benchmarks
 * @param points (padded tokens, milliseconds per forward pass) in increasing token order: below the
 *     first the first latency holds (the fixed cost of a launch), above the last the last slope
 *     continues
 * @param memoryBudgetTokens the most padded tokens one forward pass may hold before it fails as out
 *     of memory
 * @param latencyScale multiplies every latency: 1 for the device as measured, 0 for a device that
 *     takes no time (to measure everything around it)
 */
public record SimulatedAccelerator(
        String name, List<Point> points, long memoryBudgetTokens, double latencyScale)
        implements Serializable {

    /** One measured forward pass: its padded tokens (batch size × padded length) and duration. */
    public record Point(long paddedTokens, double millis) implements Serializable {}

    /**
     * An MGeo-base-sized tagger (12 layers × 768) in fp16 through PyTorch on one NVIDIA H100 80GB
     * (issue 14's measurements at sequence length 32): batch 1 in 3.3 ms; batch 128 at 37,000
     * addresses/s; 512 at 57,300/s; 1,024 at 57,800/s. The memory budget (1,048,576 padded tokens,
     * e.g. 4,096 addresses of 256 tokens) is an assumption, not a measurement.
     */
    public static SimulatedAccelerator h100MGeoBase(double latencyScale) {
        return new SimulatedAccelerator(
                "H100 fp16, MGeo-base-sized tagger (interpolated measurements)",
                List.of(
                        new Point(32, 3.3),
                        new Point(128 * 32, 128 * 1000.0 / 37_000),
                        new Point(512 * 32, 512 * 1000.0 / 57_300),
                        new Point(1024 * 32, 1024 * 1000.0 / 57_800)),
                1L << 20,
                latencyScale);
    }

    public SimulatedAccelerator {
        points = List.copyOf(points);
        if (points.size() < 2) {
            throw new IllegalArgumentException("a latency profile needs at least two points");
        }
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).paddedTokens() <= points.get(i - 1).paddedTokens()
                    || points.get(i).millis() < points.get(i - 1).millis()) {
                throw new IllegalArgumentException(
                        "latency points must grow in tokens and not shrink in time: " + points);
            }
        }
        if (memoryBudgetTokens <= 0 || latencyScale < 0) {
            throw new IllegalArgumentException(
                    "memory budget must be positive and latency scale not negative");
        }
    }

    /** How long a forward pass over {@code paddedTokens} takes, in nanoseconds. */
    public long latencyNanos(long paddedTokens) {
        Point first = points.get(0);
        if (paddedTokens <= first.paddedTokens()) {
            return nanos(first.millis());
        }
        for (int i = 1; i < points.size(); i++) {
            Point hi = points.get(i);
            if (paddedTokens <= hi.paddedTokens() || i == points.size() - 1) {
                Point lo = points.get(i - 1);
                double slope =
                        (hi.millis() - lo.millis()) / (hi.paddedTokens() - lo.paddedTokens());
                return nanos(lo.millis() + slope * (paddedTokens - lo.paddedTokens()));
            }
        }
        throw new AssertionError("unreachable");
    }

    /** True when a forward pass over {@code paddedTokens} does not fit the memory budget. */
    public boolean outOfMemory(long paddedTokens) {
        return paddedTokens > memoryBudgetTokens;
    }

    private long nanos(double millis) {
        return Math.round(millis * latencyScale * 1_000_000);
    }
}
