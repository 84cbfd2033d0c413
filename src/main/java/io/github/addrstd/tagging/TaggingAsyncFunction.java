package io.github.addrstd.tagging;

import io.github.addrstd.batching.BatcherClosedException;
import io.github.addrstd.batching.BatcherFullException;
import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.model.DeviceSpec;

import ai.djl.Device;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The async tagging operator: hands each address to the TaskManager's shared micro-batcher and
 * completes the record when its batch returns. It never fails the job for a record: a model error,
 * an out-of-memory that batch splitting could not avoid, a closed batcher or a timeout all complete
 * the record with a failed {@link TaggingOutcome}, which standardization turns into a degraded
 * (gazetteer-only) result or a dead letter.
 */
public final class TaggingAsyncFunction extends RichAsyncFunction<AddressRequest, TaggedAddress> {

    private static final long serialVersionUID = 1L;

    /** Flink external resource name of GPUs (FLIP-108), as in flink-conf/config.yaml. */
    public static final String GPU_RESOURCE = "gpu";

    private final TaggerFactory factory;
    private final String device;
    private final BatchingSettings settings;
    private final CircuitBreaker.Settings breaker;

    private transient SharedTaggers.Lease lease;

    /** Read once: batch results may complete after close() has released the lease. */
    private transient String modelVersion;

    /**
     * Updated from the task thread (timeouts) and the batcher thread (results): guarded by itself.
     */
    private transient RecordMetrics metrics;

    private transient String source;
    private transient Map<ResultFuture<TaggedAddress>, InFlight> inFlight;

    /** A record handed to the batcher: its batcher future, and whether it was completed already. */
    private record InFlight(CompletableFuture<TaggingOutcome> future, AtomicBoolean done) {}

    public TaggingAsyncFunction(
            TaggerFactory factory,
            String device,
            BatchingSettings settings,
            CircuitBreaker.Settings breaker) {
        this.factory = factory;
        this.device = DeviceSpec.parse(device).toString();
        this.settings = settings;
        this.breaker = breaker;
    }

    @Override
    public void open(OpenContext openContext) {
        Optional<Integer> assignedGpu = assignedGpu();
        Device resolved = DeviceSpec.parse(device).resolve(assignedGpu);
        // Leases are owned by this job's classloader on this TaskManager; its release hook releases
        // those
        // (if close() did not), never the models other TaskManagers in the same JVM still use.
        ClassLoader owner = getRuntimeContext().getUserCodeClassLoader();
        lease = SharedTaggers.acquire(factory, resolved, settings, breaker, owner);
        getRuntimeContext()
                .registerUserCodeClassLoaderReleaseHookIfAbsent(
                        "address-standardizer-taggers", () -> SharedTaggers.releaseAll(owner));
        modelVersion = lease.modelVersion();
        lease.metrics().setGpuAssigned(assignedGpu.isPresent());
        lease.metrics().registerOn(getRuntimeContext().getMetricGroup(), lease.batcher());
        metrics = new RecordMetrics(getRuntimeContext().getMetricGroup(), RecordMetrics.TAG);
        inFlight = new ConcurrentHashMap<>();
        source = "subtask-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private Optional<Integer> assignedGpu() {
        for (ExternalResourceInfo info :
                getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE)) {
            Optional<String> index = info.getProperty("index");
            if (index.isPresent()) {
                return Optional.of(Integer.parseInt(index.get().strip()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void asyncInvoke(AddressRequest request, ResultFuture<TaggedAddress> resultFuture) {
        long started = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<TaggingOutcome> future =
                lease.batcher().submit(source, request.address());
        // Flink hands timeout() the same ResultFuture; the flag decides the race between a late
        // batch
        // result and the timeout, so the record is completed, and counted, exactly once.
        inFlight.put(resultFuture, new InFlight(future, done));
        future.whenComplete(
                (outcome, error) -> {
                    inFlight.remove(resultFuture);
                    if (!done.compareAndSet(false, true)) {
                        return; // already timed out
                    }
                    TaggingOutcome result = error == null ? outcome : failureOf(error);
                    synchronized (metrics) {
                        if (result.succeeded()) {
                            metrics.recordProcessed(
                                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                        } else {
                            metrics.recordFailed(result.failure());
                        }
                    }
                    resultFuture.complete(
                            Collections.singleton(
                                    new TaggedAddress(request, result, modelVersion)));
                });
    }

    @Override
    public void timeout(AddressRequest request, ResultFuture<TaggedAddress> resultFuture) {
        InFlight pending = inFlight.remove(resultFuture);
        if (pending == null || !pending.done().compareAndSet(false, true)) {
            return; // the batch result won the race and completed the record
        }
        // Withdraw the record: if still queued it is never run, and its queue place is free again.
        pending.future().cancel(false);
        synchronized (metrics) {
            metrics.recordFailed(FailureReason.MODEL_TIMEOUT);
        }
        resultFuture.complete(
                Collections.singleton(
                        new TaggedAddress(
                                request,
                                TaggingOutcome.failure(
                                        FailureReason.MODEL_TIMEOUT,
                                        "not tagged within the async timeout"),
                                modelVersion)));
    }

    private static TaggingOutcome failureOf(Throwable error) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        FailureReason reason =
                cause instanceof BatcherClosedException || cause instanceof BatcherFullException
                        ? FailureReason.MODEL_UNAVAILABLE
                        : FailureReason.MODEL_FAILED;
        return TaggingOutcome.failure(
                reason, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }
}
