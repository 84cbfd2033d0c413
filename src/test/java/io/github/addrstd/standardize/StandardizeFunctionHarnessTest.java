package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.metrics.CommittedLatencyMetrics;
import io.github.addrstd.metrics.LatencyBuckets;
import io.github.addrstd.metrics.LatencySloMetrics;
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
 * The standardize operator in Flink's operator harness: tagged, degraded and dead-lettered records,
 * metrics.
 */
class StandardizeFunctionHarnessTest {

    private static final long OBJECTIVE_MS = 60_000;

    private final CapturedMetrics metrics = new CapturedMetrics();
    private OneInputStreamOperatorTestHarness<TaggedAddress, StandardizedRecord> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new StandardizeFunction(OBJECTIVE_MS)),
                        metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static TaggedAddress tagged(
            String id, String address, long ageMillis, TaggingOutcome outcome) {
        AddressRequest request =
                new AddressRequest(
                        id,
                        address,
                        id.getBytes(StandardCharsets.UTF_8),
                        null,
                        System.currentTimeMillis() - ageMillis,
                        "raw-address-0@" + id,
                        address.getBytes(StandardCharsets.UTF_8));
        return new TaggedAddress(request, outcome, "test-model-1");
    }

    @Test
    void taggedDegradedAndUnresolvableRecordsEachGoTheirWay() throws Exception {
        String text = "浙江省杭州市西湖区文三路90号";
        harness.processElement(
                new StreamRecord<>(
                        tagged(
                                "1",
                                text,
                                10,
                                TaggingOutcome.success(
                                        new TaggedElements(
                                                List.of(
                                                        new AddressElement(
                                                                "prov", "浙江省", 0, 3, 0.9f),
                                                        new AddressElement(
                                                                "city", "杭州市", 3, 6, 0.9f),
                                                        new AddressElement(
                                                                "district", "西湖区", 6, 9, 0.9f),
                                                        new AddressElement(
                                                                "road", "文三路", 9, 12, 0.9f),
                                                        new AddressElement(
                                                                "roadno", "90号", 12, 15, 0.9f)),
                                                false)))));
        harness.processElement(
                new StreamRecord<>(
                        tagged(
                                "2",
                                "杭州市西湖区文三路90号",
                                10,
                                TaggingOutcome.failure(
                                        FailureReason.MODEL_TIMEOUT, "no result in 5000 ms"))));
        harness.processElement(
                new StreamRecord<>(
                        tagged(
                                "3",
                                "这里没有地址",
                                10,
                                TaggingOutcome.failure(
                                        FailureReason.MODEL_FAILED, "forward pass failed"))));
        harness.processElement(
                new StreamRecord<>(
                        tagged(
                                "4",
                                "上海市徐汇区漕溪北路128号",
                                2 * OBJECTIVE_MS,
                                TaggingOutcome.success(new TaggedElements(List.of(), false)))));

        List<StandardizedRecord> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(
                        r -> r.request().id(),
                        r -> r.standardized().district().name(),
                        r -> r.standardized().degraded())
                .containsExactly(
                        tuple("1", "西湖区", false),
                        tuple("2", "西湖区", true),
                        tuple("4", "徐汇区", false));
        assertThat(out.get(0).standardized().details())
                .containsEntry("road", "文三路")
                .containsEntry("roadNumber", "90号");
        assertThat(out.get(1).degradedReason()).startsWith("MODEL_TIMEOUT");
        assertThat(harness.getSideOutput(StandardizeFunction.DEAD_LETTERS))
                .extracting(r -> r.getValue().id(), r -> r.getValue().reason())
                .containsExactly(tuple("3", FailureReason.MODEL_FAILED));

        String[] stage = {RecordMetrics.STAGE_GROUP, RecordMetrics.STANDARDIZE};
        assertThat(metrics.count(RecordMetrics.PROCESSED, stage)).isEqualTo(3);
        assertThat(metrics.count(RecordMetrics.DEAD_LETTERED, stage)).isEqualTo(1);
        assertThat(metrics.failed(RecordMetrics.STANDARDIZE, FailureReason.MODEL_FAILED))
                .isEqualTo(1);
        assertThat(metrics.count(LatencySloMetrics.SLO_RECORDS, stage)).isEqualTo(3);
        assertThat(metrics.count(LatencySloMetrics.SLO_RECORDS_SLOW, stage))
                .as("only the record two objectives old")
                .isEqualTo(1);
        assertThat(metrics.count(LatencySloMetrics.DEGRADED, stage)).isEqualTo(1);
        assertThat(
                        metrics.histogram(LatencySloMetrics.END_TO_END_LATENCY_MS, stage)
                                .getStatistics()
                                .getMax())
                .isGreaterThanOrEqualTo(2 * OBJECTIVE_MS);
    }

    @Test
    void recordsCountAsCommittedWhenTheCheckpointThatCoversThemCompletes() throws Exception {
        String[] stage = {RecordMetrics.STAGE_GROUP, RecordMetrics.STANDARDIZE};
        TaggingOutcome none = TaggingOutcome.success(new TaggedElements(List.of(), false));
        harness.processElement(new StreamRecord<>(tagged("a", "上海市徐汇区漕溪北路128号", 10, none)));
        harness.processElement(
                new StreamRecord<>(tagged("b", "上海市徐汇区漕溪北路128号", 2 * OBJECTIVE_MS, none)));
        harness.snapshot(1, System.currentTimeMillis());
        harness.processElement(new StreamRecord<>(tagged("c", "上海市徐汇区漕溪北路128号", 10, none)));

        assertThat(metrics.count(CommittedLatencyMetrics.COMMITTED_RECORDS, stage))
                .as("written, not yet committed")
                .isZero();
        harness.notifyOfCompletedCheckpoint(1);
        assertThat(metrics.count(CommittedLatencyMetrics.COMMITTED_RECORDS, stage))
                .as("the two records before the barrier of checkpoint 1")
                .isEqualTo(2);
        assertThat(metrics.count(CommittedLatencyMetrics.COMMITTED_OVER_OBJECTIVE, stage))
                .isEqualTo(1);
        assertThat(committedBucket("Inf")).isEqualTo(2);
        assertThat(committedBucket("1000"))
                .as("the fresh record, committed within 1 s")
                .isEqualTo(1);

        // Checkpoint 2 is aborted; its record is committed with checkpoint 3.
        harness.snapshot(2, System.currentTimeMillis());
        harness.snapshot(3, System.currentTimeMillis());
        harness.notifyOfCompletedCheckpoint(3);
        assertThat(metrics.count(CommittedLatencyMetrics.COMMITTED_RECORDS, stage)).isEqualTo(3);
        assertThat(committedBucket("Inf")).isEqualTo(3);
    }

    private long committedBucket(String le) {
        return (Long)
                metrics.get(
                                org.apache.flink.metrics.Gauge.class,
                                CommittedLatencyMetrics.COMMITTED_LATENCY_MS
                                        + LatencyBuckets.BUCKET_SUFFIX,
                                RecordMetrics.STAGE_GROUP,
                                RecordMetrics.STANDARDIZE,
                                LatencyBuckets.BUCKET_GROUP,
                                le)
                        .getValue();
    }
}
