package io.github.addrstd.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.testing.CapturedMetrics;

import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The parse-and-validate operator in Flink's operator harness: main output, side output, metrics.
 */
class ParseAndValidateFunctionHarnessTest {

    private final CapturedMetrics metrics = new CapturedMetrics();
    private OneInputStreamOperatorTestHarness<RawAddressRecord, AddressRequest> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ParseAndValidateFunction(RecordLimits.DEFAULTS)),
                        metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static StreamRecord<RawAddressRecord> raw(long offset, String value) {
        return new StreamRecord<>(
                new RawAddressRecord(
                        "k".getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8),
                        "raw-address",
                        0,
                        offset,
                        1_700_000_000_000L + offset));
    }

    @Test
    void validRecordsGoOnAndInvalidOnesToTheSideOutputEachCountedByReason() throws Exception {
        harness.processElement(raw(1, "{\"id\": \"a\", \"address\": \"浙江省杭州市文三路\", \"shop\": 7}"));
        harness.processElement(raw(2, "{\"id\": \"b\", \"address\": "));
        harness.processElement(raw(3, "{\"id\": \"c\", \"address\": \"\"}"));
        harness.processElement(raw(4, "{\"id\": 5, \"address\": \"上海市徐汇区\"}"));

        List<AddressRequest> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(AddressRequest::id, AddressRequest::address, AddressRequest::origin)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "浙江省杭州市文三路", "raw-address-0@1"),
                        org.assertj.core.groups.Tuple.tuple("5", "上海市徐汇区", "raw-address-0@4"));
        assertThat(out.get(0).passthroughJson()).isEqualTo("{\"shop\":7}");
        assertThat(harness.getSideOutput(ParseAndValidateFunction.DEAD_LETTERS))
                .extracting(r -> r.getValue().reason(), r -> r.getValue().origin())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                FailureReason.MALFORMED_JSON, "raw-address-0@2"),
                        org.assertj.core.groups.Tuple.tuple(
                                FailureReason.EMPTY_ADDRESS, "raw-address-0@3"));

        String[] stage = {RecordMetrics.STAGE_GROUP, RecordMetrics.VALIDATE};
        assertThat(metrics.count(RecordMetrics.PROCESSED, stage)).isEqualTo(2);
        assertThat(metrics.histogram(RecordMetrics.LATENCY_MS, stage).getCount()).isEqualTo(2);
        assertThat(metrics.count(RecordMetrics.DEAD_LETTERED, stage)).isEqualTo(2);
        assertThat(metrics.count(RecordMetrics.FAILED, stage)).isEqualTo(2);
        assertThat(metrics.failed(RecordMetrics.VALIDATE, FailureReason.MALFORMED_JSON))
                .isEqualTo(1);
        assertThat(metrics.failed(RecordMetrics.VALIDATE, FailureReason.EMPTY_ADDRESS))
                .isEqualTo(1);
        assertThat(metrics.failed(RecordMetrics.VALIDATE, FailureReason.MISSING_ID)).isZero();
    }

    @Test
    void aDeadLetterKeepsTheOriginalBytesAndKey() throws Exception {
        harness.processElement(raw(9, "not json"));
        DeadLetter dead =
                harness.getSideOutput(ParseAndValidateFunction.DEAD_LETTERS).peek().getValue();
        assertThat(new String(dead.originalValue(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(dead.sourceTimestamp()).isEqualTo(1_700_000_000_009L);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
