package io.github.addrstd.metrics;

import io.github.addrstd.event.FailureReason;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.EnumMap;
import java.util.Map;

/**
 * Per-subtask record metrics of one pipeline stage, in the key-value group {@code stage=<name>}, so
 * Prometheus shows them as {@code flink_taskmanager_job_task_operator_stage_<metric>{stage="..."}}:
 *
 * <ul>
 *   <li>{@value #PROCESSED}, {@value #FAILED} (counters) and {@value #THROUGHPUT}, {@value
 *       #FAILURE_RATE} (meters, records/s over 60 s);
 *   <li>{@value #FAILED} per reason: {@code ..._stage_reason_failedRecords{stage, reason}};
 *   <li>{@value #DEAD_LETTERED}: records this stage sent to the dead-letter topic;
 *   <li>{@value #LATENCY_MS}: the stage's processing latency, both as a histogram (a summary of the
 *       last 1,024 records in Prometheus, for the web UI) and as cumulative buckets ({@link
 *       LatencyBuckets}, {@code ..._stage_le_processingLatencyMs_bucket{stage, le}}) for
 *       time-windowed quantiles over all subtasks.
 * </ul>
 */
public final class RecordMetrics {

    public static final String STAGE_GROUP = "stage";
    public static final String REASON_GROUP = "reason";
    public static final String PROCESSED = "processedRecords";
    public static final String FAILED = "failedRecords";
    public static final String DEAD_LETTERED = "deadLetteredRecords";
    public static final String THROUGHPUT = "processedRecordsPerSecond";
    public static final String FAILURE_RATE = "failedRecordsPerSecond";
    public static final String LATENCY_MS = "processingLatencyMs";

    /** Stage names, the values of the {@code stage} label. */
    public static final String VALIDATE = "validate";

    public static final String TAG = "tag";
    public static final String STANDARDIZE = "standardize";

    private final MetricGroup group;
    private final Counter processed;
    private final Counter failed;
    private final Counter deadLettered;
    private final Histogram latencyMs;
    private final LatencyBuckets latencyBuckets;
    private final Map<FailureReason, Counter> failedByReason = new EnumMap<>(FailureReason.class);

    public RecordMetrics(MetricGroup operatorGroup, String stage) {
        this.group = operatorGroup.addGroup(STAGE_GROUP, stage);
        this.processed = group.counter(PROCESSED);
        this.failed = group.counter(FAILED);
        this.deadLettered = group.counter(DEAD_LETTERED);
        group.meter(THROUGHPUT, new MeterView(processed));
        group.meter(FAILURE_RATE, new MeterView(failed));
        this.latencyMs = group.histogram(LATENCY_MS, new DescriptiveStatisticsHistogram(1024));
        this.latencyBuckets = new LatencyBuckets(group, LATENCY_MS);
        for (FailureReason reason : FailureReason.values()) {
            failedByReason.put(reason, group.addGroup(REASON_GROUP, reason.name()).counter(FAILED));
        }
    }

    /** The stage's group, for stage-specific metrics. */
    public MetricGroup group() {
        return group;
    }

    public void recordProcessed(long latencyMillis) {
        processed.inc();
        latencyMs.update(latencyMillis);
        latencyBuckets.record(latencyMillis);
    }

    /**
     * A record failed at this stage but goes on (e.g. tagging failed; standardization degrades).
     */
    public void recordFailed(FailureReason reason) {
        failed.inc();
        failedByReason.get(reason).inc();
    }

    /** A record failed at this stage and was sent to the dead-letter topic. */
    public void recordDeadLettered(FailureReason reason) {
        recordFailed(reason);
        deadLettered.inc();
    }
}
