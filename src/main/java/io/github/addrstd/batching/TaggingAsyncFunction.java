package io.github.addrstd.batching;

import ai.djl.Device;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.model.DeviceSpec;
import io.github.addrstd.model.TaggingOutcome;

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
    private final BatchingOptions options;
    private final CircuitBreaker.Options breaker;

    private transient SharedTaggers.Lease lease;
    private transient RecordMetrics metrics;
    private transient String source;
    private transient Map<ResultFuture<TaggedAddress>, AtomicBoolean> completionFlags;

    public TaggingAsyncFunction(
            TaggerFactory factory, String device, BatchingOptions options, CircuitBreaker.Options breaker) {
        this.factory = factory;
        this.device = DeviceSpec.parse(device).toString();
        this.options = options;
        this.breaker = breaker;
    }

    @Override
    public void open(OpenContext openContext) {
        Device resolved = DeviceSpec.parse(device).resolve(assignedGpu());
        lease = SharedTaggers.acquire(factory, resolved, options, breaker);
        // Stop the batcher thread and free native memory before Flink drops this job's classloader.
        getRuntimeContext()
                .registerUserCodeClassLoaderReleaseHookIfAbsent("address-standardizer-taggers", SharedTaggers::closeAll);
        lease.metrics().registerOn(getRuntimeContext().getMetricGroup(), lease.batcher());
        metrics = new RecordMetrics(getRuntimeContext().getMetricGroup(), RecordMetrics.TAG);
        completionFlags = new ConcurrentHashMap<>();
        source = "subtask-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private Optional<Integer> assignedGpu() {
        for (ExternalResourceInfo info : getRuntimeContext().getExternalResourceInfos(GPU_RESOURCE)) {
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
        // Flink hands timeout() the same ResultFuture; the flag keeps a late batch result from
        // being counted after the timeout already completed the record.
        completionFlags.put(resultFuture, done);
        CompletableFuture<TaggingOutcome> future;
        try {
            future = lease.batcher().submit(source, request.address());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete(
                (outcome, error) -> {
                    completionFlags.remove(resultFuture);
                    if (!done.compareAndSet(false, true)) {
                        return; // already timed out
                    }
                    TaggingOutcome result = error == null ? outcome : failureOf(error);
                    if (result.succeeded()) {
                        metrics.recordProcessed(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    } else {
                        metrics.recordFailed(result.failure());
                    }
                    resultFuture.complete(
                            Collections.singleton(new TaggedAddress(request, result, lease.modelVersion())));
                });
    }

    @Override
    public void timeout(AddressRequest request, ResultFuture<TaggedAddress> resultFuture) {
        AtomicBoolean done = completionFlags.remove(resultFuture);
        if (done != null && !done.compareAndSet(false, true)) {
            return; // the batch result won the race
        }
        metrics.recordFailed(FailureReason.MODEL_TIMEOUT);
        resultFuture.complete(
                Collections.singleton(
                        new TaggedAddress(
                                request,
                                TaggingOutcome.failure(FailureReason.MODEL_TIMEOUT, "not tagged within the async timeout"),
                                lease.modelVersion())));
    }

    private static TaggingOutcome failureOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        FailureReason reason =
                cause instanceof BatcherClosedException || cause instanceof InterruptedException
                        ? FailureReason.MODEL_UNAVAILABLE
                        : FailureReason.MODEL_FAILED;
        return TaggingOutcome.failure(reason, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    @Override
    public void close() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }
}
