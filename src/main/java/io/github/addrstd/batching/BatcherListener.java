package io.github.addrstd.batching;

/** Hooks for the micro-batcher's events, implemented by the metrics layer. */
public interface BatcherListener {

    BatcherListener NONE = new BatcherListener() {};

    /**
     * A batch was handed to the handler and returned.
     *
     * @param size records in the batch
     * @param paddedCost size x the largest record cost (the padded token count)
     * @param oldestWaitNanos how long the batch's oldest record waited in the queue
     * @param processNanos how long the handler took
     */
    default void onBatch(int size, long paddedCost, long oldestWaitNanos, long processNanos) {}

    /** The handler threw; every record of the batch was completed exceptionally. */
    default void onBatchFailed(int size, Throwable error) {}
}
