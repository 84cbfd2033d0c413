package io.github.addrstd.batching;

/** A record was submitted to, or still queued in, a micro-batcher that is shutting down. */
public final class BatcherClosedException extends IllegalStateException {
    public BatcherClosedException(String name) {
        super("micro-batcher '" + name + "' is closed");
    }
}
