package io.github.addrstd.tagging;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a model that keeps failing. After {@code failureThreshold} failed batches in a row
 * the circuit opens: batches are not sent to the model for {@code cooldown}, their records degrade
 * at once instead of waiting for a failure. Then one batch is let through (half-open); its success
 * closes the circuit, its failure opens it again. Used by the batcher's single worker thread; the
 * state is volatile so metrics can read it from other threads.
 */
public final class CircuitBreaker {

    /** When to open and for how long. */
    public record Settings(int failureThreshold, Duration cooldown) implements Serializable {
        public Settings {
            if (failureThreshold < 1) {
                throw new IllegalArgumentException(
                        "model.circuit-breaker.failures must be at least 1, was "
                                + failureThreshold);
            }
            if (cooldown.isNegative() || cooldown.isZero()) {
                throw new IllegalArgumentException(
                        "model.circuit-breaker.cooldown must be positive, was " + cooldown);
            }
        }
    }

    /** Circuit states. */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private volatile State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;

    public CircuitBreaker(Settings settings) {
        this(settings, System::nanoTime);
    }

    CircuitBreaker(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Whether the next batch may call the model. */
    public boolean allowRequest() {
        if (state == State.OPEN
                && nanoTime.getAsLong() - openedAt >= settings.cooldown().toNanos()) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    public void onSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= settings.failureThreshold()) {
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
        }
    }

    public State state() {
        return state;
    }

    /** Seconds until a trial batch is let through, 0 unless open. */
    public long secondsUntilRetry() {
        if (state != State.OPEN) {
            return 0;
        }
        long remaining = settings.cooldown().toNanos() - (nanoTime.getAsLong() - openedAt);
        return Math.max(0, Duration.ofNanos(remaining).toSeconds());
    }
}
