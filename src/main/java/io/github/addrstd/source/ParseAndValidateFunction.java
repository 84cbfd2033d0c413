package io.github.addrstd.source;

import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.metrics.RecordMetrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Emits valid requests downstream and invalid records to the dead-letter side output, counted by
 * reason.
 */
public final class ParseAndValidateFunction
        extends ProcessFunction<RawAddressRecord, AddressRequest> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("parse-dead-letters") {};

    private final RecordValidator validator;
    private transient RecordMetrics metrics;

    public ParseAndValidateFunction(RecordLimits limits) {
        this.validator = new RecordValidator(limits);
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new RecordMetrics(getRuntimeContext().getMetricGroup(), RecordMetrics.VALIDATE);
    }

    @Override
    public void processElement(RawAddressRecord raw, Context ctx, Collector<AddressRequest> out) {
        long started = System.nanoTime();
        RecordValidator.Result result = validator.validate(raw);
        if (result.request() != null) {
            metrics.recordProcessed((System.nanoTime() - started) / 1_000_000);
            out.collect(result.request());
        } else {
            metrics.recordDeadLettered(result.deadLetter().reason());
            ctx.output(DEAD_LETTERS, result.deadLetter());
        }
    }
}
