package io.github.addrstd.standardize;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.metrics.CommittedLatencyMetrics;
import io.github.addrstd.metrics.LatencySloMetrics;
import io.github.addrstd.metrics.RecordMetrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.concurrent.TimeUnit;

/**
 * Standardizes tagged addresses. A record whose tagging failed is standardized from the gazetteer
 * alone and marked degraded; a record where nothing at all can be resolved goes to the dead-letter
 * side output with the tagging failure (if any) as its reason.
 *
 * <p>As the last operator before the exactly-once sink, it also measures the latency consumers see:
 * records are counted per checkpoint and recorded when the checkpoint that commits them completes
 * ({@link CommittedLatencyMetrics}). It keeps no state.
 */
public final class StandardizeFunction extends ProcessFunction<TaggedAddress, StandardizedRecord>
        implements CheckpointedFunction, CheckpointListener {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("standardize-dead-letters") {};

    private final long latencyObjectiveMillis;

    private transient RecordStandardizer standardizer;
    private transient RecordMetrics metrics;
    private transient LatencySloMetrics slo;
    private transient CommittedLatencyMetrics committed;

    /**
     * @param latencyObjectiveMillis the end-to-end latency objective counted for SLO alerts
     */
    public StandardizeFunction(long latencyObjectiveMillis) {
        this.latencyObjectiveMillis = latencyObjectiveMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        standardizer = new RecordStandardizer(new Standardizer(Gazetteer.getDefault()));
        metrics =
                new RecordMetrics(getRuntimeContext().getMetricGroup(), RecordMetrics.STANDARDIZE);
        slo = new LatencySloMetrics(metrics.group(), latencyObjectiveMillis);
        committed = new CommittedLatencyMetrics(metrics.group(), latencyObjectiveMillis);
    }

    @Override
    public void processElement(
            TaggedAddress tagged, Context ctx, Collector<StandardizedRecord> out) {
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        RecordStandardizer.Result result = standardizer.standardize(tagged, now);
        if (result.deadLetter() != null) {
            metrics.recordDeadLettered(result.deadLetter().reason());
            ctx.output(DEAD_LETTERS, result.deadLetter());
            return;
        }
        metrics.recordProcessed(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        slo.recordOutput(
                Math.max(0, now - tagged.request().sourceTimestamp()),
                result.record().standardized().degraded());
        committed.recordEmitted(tagged.request().sourceTimestamp());
        out.collect(result.record());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // no state: the per-checkpoint counts are metrics, lost (and recounted on replay) on
        // failure
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        committed.onSnapshot(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        committed.onCheckpointComplete(checkpointId, System.currentTimeMillis());
    }
}
