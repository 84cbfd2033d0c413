package io.github.addrstd.metrics;

import io.github.addrstd.event.FailureReason;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per-subtask record metrics of one pipeline stage: records that passed, records that failed (by
 * reason), processing latency and throughput. Prometheus names are
 * {@code flink_taskmanager_job_task_operator_<metric>} with the operator's labels, and
 * {@code flink_taskmanager_job_task_operator_reason_failedRecords{reason="..."}} per reason.
 */
public final class RecordMetrics {

    public static final String PROCESSED = "processedRecords";
    public static final String FAILED = "failedRecords";
    public static final String THROUGHPUT = "processedRecordsPerSecond";
    public static final String LATENCY_MS = "processingLatencyMs";
    public static final String REASON_GROUP = "reason";

    private final Counter processed;
    private final Counter failed;
    private final Meter throughput;
    private final Histogram latencyMs;
    private final Map<FailureReason, Counter> failedByReason = new EnumMap<>(FailureReason.class);

    public RecordMetrics(MetricGroup group) {
        this.processed = group.counter(PROCESSED);
        this.failed = group.counter(FAILED);
        this.throughput = group.meter(THROUGHPUT, new MeterView(processed));
        this.latencyMs = group.histogram(LATENCY_MS, new DescriptiveStatisticsHistogram(1024));
        for (FailureReason reason : FailureReason.values()) {
            failedByReason.put(reason, group.addGroup(REASON_GROUP, reason.name()).counter(FAILED));
        }
    }

    public void recordProcessed(long latencyMillis) {
        processed.inc();
        latencyMs.update(latencyMillis);
    }

    public void recordFailed(FailureReason reason) {
        failed.inc();
        failedByReason.get(reason).inc();
    }

    public Meter throughput() {
        return throughput;
    }
}
