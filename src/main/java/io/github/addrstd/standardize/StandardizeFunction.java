package io.github.addrstd.standardize;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.metrics.LatencySloMetrics;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.model.TaggingOutcome;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Standardizes tagged addresses. A record whose tagging failed is standardized from the gazetteer
 * alone and marked degraded; a record where nothing at all can be resolved goes to the dead-letter
 * side output with the tagging failure (if any) as its reason.
 */
public final class StandardizeFunction extends ProcessFunction<TaggedAddress, StandardizedRecord> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("standardize-dead-letters") {};

    private final long latencyObjectiveMillis;

    private transient Standardizer standardizer;
    private transient RecordMetrics metrics;
    private transient LatencySloMetrics slo;

    /** @param latencyObjectiveMillis the end-to-end latency objective counted for SLO alerts */
    public StandardizeFunction(long latencyObjectiveMillis) {
        this.latencyObjectiveMillis = latencyObjectiveMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        standardizer = new Standardizer(Gazetteer.getDefault());
        metrics = new RecordMetrics(getRuntimeContext().getMetricGroup(), RecordMetrics.STANDARDIZE);
        slo = new LatencySloMetrics(metrics.group(), latencyObjectiveMillis);
    }

    @Override
    public void processElement(TaggedAddress tagged, Context ctx, Collector<StandardizedRecord> out) {
        long started = System.nanoTime();
        TaggingOutcome outcome = tagged.outcome();
        String address = tagged.request().address();
        StandardizedAddress result =
                outcome.succeeded()
                        ? standardizer.standardize(address, outcome.result().elements(), outcome.result().truncated())
                        : standardizer.standardize(address, null, false);
        if (!result.resolvedAnything()) {
            FailureReason reason = outcome.succeeded() ? FailureReason.UNRESOLVABLE : outcome.failure();
            String detail = outcome.succeeded()
                    ? "no administrative unit or address element found"
                    : outcome.detail() + "; the gazetteer found no administrative unit either";
            metrics.recordDeadLettered(reason);
            ctx.output(DEAD_LETTERS, new DeadLetter(
                    tagged.request().key(),
                    tagged.request().originalValue(),
                    reason,
                    detail,
                    tagged.request().id(),
                    tagged.request().origin(),
                    tagged.request().sourceTimestamp()));
            return;
        }
        long now = System.currentTimeMillis();
        metrics.recordProcessed(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        slo.recordOutput(Math.max(0, now - tagged.request().sourceTimestamp()), result.degraded());
        out.collect(new StandardizedRecord(
                tagged.request(),
                outcome.succeeded() ? outcome.result().elements() : List.of(),
                result,
                tagged.modelVersion(),
                outcome.succeeded() ? null : outcome.failure() + ": " + outcome.detail(),
                now));
    }
}
