package io.github.addrstd.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the real and the padded tokens of a tagger's forward passes, for the benchmarks' padding
 * ratio (the job's own figures are {@code InferenceMetrics}' counters).
 */
public final class PaddingCounter implements TaggerListener {

    private final AtomicLong real = new AtomicLong();
    private final AtomicLong padded = new AtomicLong();

    @Override
    public void onForwardPass(int records, int paddedLength, long realTokens) {
        real.addAndGet(realTokens);
        padded.addAndGet((long) records * paddedLength);
    }

    /** Forgets what was counted, e.g. after a warm-up. */
    public void reset() {
        real.set(0);
        padded.set(0);
    }

    /** Real tokens over padded tokens since the last reset: 1.0 is no padding, 0 when none ran. */
    public double ratio() {
        return (double) real.get() / Math.max(1, padded.get());
    }
}
