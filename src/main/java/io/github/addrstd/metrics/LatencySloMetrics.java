package io.github.addrstd.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * End-to-end latency (Kafka record timestamp to standardized output) and the counters an SLO
 * burn-rate alert needs. The reporter exports histograms as per-subtask summaries that cannot be
 * aggregated, so the SLO is counted instead: {@value #SLO_RECORDS} records reached the output,
 * {@value #SLO_RECORDS_SLOW} of them later than the objective. Prometheus names: {@code
 * flink_taskmanager_job_task_operator_stage_<metric>{stage="standardize"}}. The latency is also
 * exported as cumulative buckets ({@link LatencyBuckets}) for time-windowed quantiles.
 */
public final class LatencySloMetrics {

    public static final String END_TO_END_LATENCY_MS = "endToEndLatencyMs";
    public static final String SLO_RECORDS = "sloRecords";
    public static final String SLO_RECORDS_SLOW = "sloRecordsOverObjective";
    public static final String DEGRADED = "degradedRecords";

    private final long objectiveMillis;
    private final Histogram endToEnd;
    private final LatencyBuckets endToEndBuckets;
    private final Counter records;
    private final Counter slow;
    private final Counter degraded;

    public LatencySloMetrics(MetricGroup stageGroup, long objectiveMillis) {
        this.objectiveMillis = objectiveMillis;
        this.endToEnd =
                stageGroup.histogram(
                        END_TO_END_LATENCY_MS, new DescriptiveStatisticsHistogram(1024));
        this.endToEndBuckets = new LatencyBuckets(stageGroup, END_TO_END_LATENCY_MS);
        this.records = stageGroup.counter(SLO_RECORDS);
        this.slow = stageGroup.counter(SLO_RECORDS_SLOW);
        this.degraded = stageGroup.counter(DEGRADED);
    }

    public void recordOutput(long endToEndMillis, boolean wasDegraded) {
        endToEnd.update(endToEndMillis);
        endToEndBuckets.record(endToEndMillis);
        records.inc();
        if (endToEndMillis > objectiveMillis) {
            slow.inc();
        }
        if (wasDegraded) {
            degraded.inc();
        }
    }
}
