package io.github.addrstd.tagging;

import io.github.addrstd.batching.BatcherListener;
import io.github.addrstd.batching.MicroBatcher;
import io.github.addrstd.metrics.ProcessMemory;
import io.github.addrstd.model.TaggerListener;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.lang.management.MemoryUsage;
import java.util.concurrent.TimeUnit;

/**
 * Metrics of the shared micro-batcher and model of one TaskManager. One instance exists per shared
 * model; every subtask that uses it registers the same metric objects on its own operator group
 * under {@value #GROUP}, so each subtask exports the TaskManager-wide value. Aggregate them with
 * {@code max by (tm_id)}, never {@code sum}.
 *
 * <p>Prometheus names are {@code flink_taskmanager_job_task_operator_inference_<metric>}.
 */
public final class InferenceMetrics implements BatcherListener, TaggerListener {

    public static final String GROUP = "inference";

    public static final String BATCHES = "batches";
    public static final String BATCH_FAILURES = "batchFailures";
    public static final String BATCH_SIZE = "batchSize";
    public static final String BATCH_PADDED_TOKENS = "batchPaddedTokens";
    public static final String PADDED_TOKENS = "paddedTokens";
    public static final String REAL_TOKENS = "realTokens";
    public static final String PADDING_RATIO = "paddingRatio";
    public static final String BATCH_WAIT_MS = "batchWaitMs";
    public static final String INFERENCE_TIME_MS = "inferenceTimeMs";
    public static final String QUEUE_DEPTH = "queueDepth";
    public static final String IN_FLIGHT = "inFlight";
    public static final String MODEL_LOADED = "modelLoaded";
    public static final String DEVICE_GPU_INDEX = "deviceGpuIndex";
    public static final String OUT_OF_MEMORY_EVENTS = "outOfMemoryEvents";
    public static final String BATCH_SPLITS = "batchSplits";
    public static final String CIRCUIT_OPEN = "circuitOpen";
    public static final String GPU_AVAILABLE = "gpuAvailable";
    public static final String GPU_MEMORY_USED_BYTES = "gpuMemoryUsedBytes";
    public static final String GPU_MEMORY_TOTAL_BYTES = "gpuMemoryTotalBytes";
    public static final String GPU_MEMORY_USED_RATIO = "gpuMemoryUsedRatio";
    public static final String GPU_ASSIGNED = "gpuAssigned";
    public static final String PROCESS_RESIDENT_BYTES = "processResidentBytes";
    public static final String CONTAINER_MEMORY_LIMIT_BYTES = "containerMemoryLimitBytes";

    private static final int HISTOGRAM_WINDOW = 1024;

    private final Device device;
    private final Counter batches = new ThreadSafeSimpleCounter();
    private final Counter batchFailures = new ThreadSafeSimpleCounter();
    private final Counter paddedTokens = new ThreadSafeSimpleCounter();
    private final Counter realTokens = new ThreadSafeSimpleCounter();
    private final Counter outOfMemoryEvents = new ThreadSafeSimpleCounter();
    private final Counter batchSplits = new ThreadSafeSimpleCounter();
    private final Histogram batchSize = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram batchPaddedTokens =
            new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram batchWaitMs = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private final Histogram inferenceTimeMs = new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    private volatile double lastPaddingRatio = 1.0;
    private volatile boolean modelLoaded;
    private volatile boolean gpuAssigned;
    private final ProcessMemory processMemory = new ProcessMemory();
    private volatile CircuitBreaker circuitBreaker;
    private final GpuMemoryProbe gpuMemory;

    public InferenceMetrics(Device device) {
        this.device = device;
        this.gpuMemory = new GpuMemoryProbe(device);
    }

    public void setModelLoaded(boolean loaded) {
        this.modelLoaded = loaded;
    }

    /** Flink gave this TaskManager a GPU (external resource {@code gpu}). */
    public void setGpuAssigned(boolean assigned) {
        this.gpuAssigned = assigned;
    }

    public void setCircuitBreaker(CircuitBreaker breaker) {
        this.circuitBreaker = breaker;
    }

    /** Registers the shared metrics on one subtask's operator group. */
    public void registerOn(MetricGroup operatorGroup, MicroBatcher<?, ?> batcher) {
        MetricGroup g = operatorGroup.addGroup(GROUP);
        g.counter(BATCHES, batches);
        g.counter(BATCH_FAILURES, batchFailures);
        g.counter(PADDED_TOKENS, paddedTokens);
        g.counter(REAL_TOKENS, realTokens);
        g.counter(OUT_OF_MEMORY_EVENTS, outOfMemoryEvents);
        g.counter(BATCH_SPLITS, batchSplits);
        g.histogram(BATCH_SIZE, batchSize);
        g.histogram(BATCH_PADDED_TOKENS, batchPaddedTokens);
        g.histogram(BATCH_WAIT_MS, batchWaitMs);
        g.histogram(INFERENCE_TIME_MS, inferenceTimeMs);
        g.gauge(PADDING_RATIO, (Gauge<Double>) () -> lastPaddingRatio);
        g.gauge(QUEUE_DEPTH, (Gauge<Integer>) batcher::queueDepth);
        g.gauge(IN_FLIGHT, (Gauge<Integer>) batcher::inFlight);
        g.gauge(MODEL_LOADED, (Gauge<Integer>) () -> modelLoaded ? 1 : 0);
        g.gauge(
                CIRCUIT_OPEN,
                (Gauge<Integer>)
                        () ->
                                circuitBreaker != null
                                                && circuitBreaker.state()
                                                        == CircuitBreaker.State.OPEN
                                        ? 1
                                        : 0);
        g.gauge(
                DEVICE_GPU_INDEX,
                (Gauge<Integer>) () -> device.isGpu() ? device.getDeviceId() : -1);
        g.gauge(GPU_AVAILABLE, (Gauge<Integer>) () -> gpuMemory.available() ? 1 : 0);
        g.gauge(GPU_MEMORY_USED_BYTES, (Gauge<Long>) () -> gpuMemory.read().getCommitted());
        g.gauge(GPU_MEMORY_TOTAL_BYTES, (Gauge<Long>) () -> gpuMemory.read().getMax());
        g.gauge(GPU_MEMORY_USED_RATIO, (Gauge<Double>) gpuMemory::usedRatio);
        g.gauge(GPU_ASSIGNED, (Gauge<Integer>) () -> gpuAssigned ? 1 : 0);
        g.gauge(PROCESS_RESIDENT_BYTES, (Gauge<Long>) processMemory::residentBytes);
        g.gauge(CONTAINER_MEMORY_LIMIT_BYTES, (Gauge<Long>) processMemory::limitBytes);
    }

    @Override
    public void onBatch(int size, long paddedCost, long oldestWaitNanos, long processNanos) {
        batches.inc();
        batchSize.update(size);
        batchWaitMs.update(TimeUnit.NANOSECONDS.toMillis(oldestWaitNanos));
        inferenceTimeMs.update(TimeUnit.NANOSECONDS.toMillis(processNanos));
    }

    @Override
    public void onBatchFailed(int size, Throwable error) {
        batchFailures.inc();
    }

    @Override
    public void onForwardPass(int records, int paddedLength, long real) {
        long padded = (long) records * paddedLength;
        paddedTokens.inc(padded);
        realTokens.inc(real);
        batchPaddedTokens.update(padded);
        lastPaddingRatio = padded == 0 ? 1.0 : (double) real / padded;
    }

    @Override
    public void onOutOfMemory(int records) {
        outOfMemoryEvents.inc();
    }

    @Override
    public void onBatchSplit(int records) {
        batchSplits.inc();
    }

    /** Device-wide memory of the model's GPU, read at most once a second; zeros on CPU. */
    static final class GpuMemoryProbe {
        private static final MemoryUsage NONE = new MemoryUsage(0, 0, 0, 0);
        private final Device device;
        private volatile MemoryUsage last = NONE;
        private volatile long lastReadNanos;
        private volatile boolean available;

        GpuMemoryProbe(Device device) {
            this.device = device;
            this.available = device.isGpu();
        }

        boolean available() {
            read();
            return available;
        }

        MemoryUsage read() {
            if (!available) {
                return NONE;
            }
            long now = System.nanoTime();
            if (now - lastReadNanos > TimeUnit.SECONDS.toNanos(1)) {
                lastReadNanos = now;
                try {
                    last = CudaUtils.getGpuMemory(device);
                } catch (RuntimeException | LinkageError e) {
                    // No CUDA runtime visible to JNA on this host: report the GPU as unavailable.
                    available = false;
                    last = NONE;
                }
            }
            return last;
        }

        /** 0 on the CPU; NaN (no data, not "0 % used") on a GPU whose memory cannot be read. */
        double usedRatio() {
            if (!device.isGpu()) {
                return 0.0;
            }
            MemoryUsage m = read();
            return m.getMax() <= 0 ? Double.NaN : (double) m.getCommitted() / m.getMax();
        }
    }
}
