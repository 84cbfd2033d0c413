package io.github.addrstd.batching;

/**
 * The micro-batcher's queue was full. The job's preflight sizes the queue to hold everything the
 * async operators can have in flight, so this means a misconfiguration, not ordinary overload.
 */
public final class BatcherFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BatcherFullException(String name, int capacity) {
        super(
                "micro-batcher "
                        + name
                        + " queue is full ("
                        + capacity
                        + " records): batch.queue-capacity is below "
                        + "slots x async.capacity");
    }
}
