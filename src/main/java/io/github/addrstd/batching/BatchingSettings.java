package io.github.addrstd.batching;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the per-TaskManager micro-batcher groups records.
 *
 * @param maxBatchSize the most records in one forward pass
 * @param maxBatchTokens the most padded tokens ({@code records x longest}) in one forward pass; a
 *     single record always fits
 * @param maxWait how long the oldest queued record may wait for a batch to fill
 * @param queueCapacity the most records queued across all subtasks; when full, {@code submit}
 *     blocks, which turns overload into Flink backpressure instead of memory growth
 * @param lengthAware when more is queued than one batch takes, group records of similar length
 *     around the oldest one (less padding) instead of taking them round-robin in arrival order
 * @param concurrency how many batches the handler runs at once (worker threads): 1 on a CPU, where
 *     one forward pass already uses every core; 2 in front of an accelerator, so the next batch is
 *     formed (and handed over) while the current one runs and the device does not wait for the
 *     batcher between passes
 */
public record BatchingSettings(
        int maxBatchSize,
        int maxBatchTokens,
        Duration maxWait,
        int queueCapacity,
        boolean lengthAware,
        int concurrency)
        implements Serializable {

    /** Settings that take records round-robin in arrival order. */
    public BatchingSettings(
            int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity) {
        this(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, false);
    }

    /** Settings with one batch at a time. */
    public BatchingSettings(
            int maxBatchSize,
            int maxBatchTokens,
            Duration maxWait,
            int queueCapacity,
            boolean lengthAware) {
        this(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, lengthAware, 1);
    }

    public BatchingSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException(
                    "batch.max-size must be at least 1, was " + maxBatchSize);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException(
                    "batch.max-tokens must be at least 1, was " + maxBatchTokens);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException(
                    "batch.max-wait must not be negative, was " + maxWait);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "batch.concurrency must be at least 1, was " + concurrency);
        }
        if (queueCapacity < maxBatchSize) {
            throw new IllegalArgumentException(
                    "batch.queue-capacity ("
                            + queueCapacity
                            + ") must be at least batch.max-size ("
                            + maxBatchSize
                            + "), or batches could never fill");
        }
    }
}
