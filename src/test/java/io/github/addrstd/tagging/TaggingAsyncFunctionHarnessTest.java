package io.github.addrstd.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.metrics.RecordMetrics;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.TaggerListener;
import io.github.addrstd.testing.CapturedMetrics;

import ai.djl.Device;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The async tagging operator in Flink's operator test harness: a record whose batch is still
 * running when the async timeout fires comes out once, as MODEL_TIMEOUT; the late batch result is
 * dropped; a record still queued at its timeout is withdrawn and never reaches the model.
 */
class TaggingAsyncFunctionHarnessTest {

    /**
     * A stand-in model that holds every batch until the test releases it (static: the factory is
     * serialized).
     */
    static final class GatedFactory implements TaggerFactory {
        static volatile CountDownLatch gate = new CountDownLatch(0);
        static final AtomicInteger RECORDS_RUN = new AtomicInteger();
        static volatile CountDownLatch started = new CountDownLatch(1);

        @Override
        public AddressTagger create(Device device, TaggerListener listener) {
            return new AddressTagger() {
                @Override
                public List<TaggingOutcome> tag(List<String> addresses) {
                    started.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    RECORDS_RUN.addAndGet(addresses.size());
                    return addresses.stream()
                            .map(a -> TaggingOutcome.success(new TaggedElements(List.of(), false)))
                            .toList();
                }

                @Override
                public String modelVersion() {
                    return "gated";
                }

                @Override
                public int maxSequenceLength() {
                    return 64;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public String cacheKey(Device device) {
            return "gated-harness";
        }
    }

    private final CapturedMetrics metrics = new CapturedMetrics();
    private OneInputStreamOperatorTestHarness<AddressRequest, TaggedAddress> harness;
    private static final String[] TAG_STAGE = {RecordMetrics.STAGE_GROUP, RecordMetrics.TAG};

    private static AddressRequest request(String id) {
        return new AddressRequest(id, "浙江省杭州市" + id, null, "{}", 0L, "t-0@0", new byte[0]);
    }

    private void open(long timeoutMs) throws Exception {
        AsyncFunction<AddressRequest, TaggedAddress> function =
                new TaggingAsyncFunction(
                        new GatedFactory(),
                        "cpu",
                        new BatchingSettings(1, 10_000, Duration.ZERO, 64),
                        new CircuitBreaker.Settings(5, Duration.ofSeconds(30)));
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                function,
                                timeoutMs,
                                16,
                                org.apache.flink.streaming.api.datastream.AsyncDataStream.OutputMode
                                        .UNORDERED),
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                        AddressRequest.class)
                                .createSerializer(
                                        new org.apache.flink.api.common.serialization
                                                .SerializerConfigImpl()),
                        metrics.environment());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        GatedFactory.gate.countDown();
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aTimeoutRacingALateResultCompletesTheRecordOnce() throws Exception {
        GatedFactory.gate = new CountDownLatch(1);
        GatedFactory.started = new CountDownLatch(1);
        open(100);
        harness.processElement(new StreamRecord<>(request("slow"), 0));
        assertThat(GatedFactory.started.await(10, TimeUnit.SECONDS))
                .as("the batch is running")
                .isTrue();
        harness.setProcessingTime(1_000); // the async timeout fires while the model still runs
        GatedFactory.gate.countDown(); // ... and then the model answers
        Thread.sleep(200);
        harness.endInput();
        List<TaggedAddress> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).outcome().failure()).isEqualTo(FailureReason.MODEL_TIMEOUT);
        assertThat(out.get(0).modelVersion()).isEqualTo("gated");
        assertThat(metrics.failed(RecordMetrics.TAG, FailureReason.MODEL_TIMEOUT))
                .as("counted once")
                .isEqualTo(1);
        assertThat(metrics.count(RecordMetrics.PROCESSED, TAG_STAGE))
                .as("the late result is not counted")
                .isZero();
    }

    @Test
    void aRecordStillQueuedAtItsTimeoutIsNeverRun() throws Exception {
        GatedFactory.gate = new CountDownLatch(1);
        GatedFactory.started = new CountDownLatch(1);
        open(100);
        int before = GatedFactory.RECORDS_RUN.get();
        harness.processElement(new StreamRecord<>(request("running"), 0));
        assertThat(GatedFactory.started.await(10, TimeUnit.SECONDS)).isTrue();
        harness.processElement(
                new StreamRecord<>(request("queued"), 0)); // waits behind the running batch
        harness.setProcessingTime(1_000); // both time out
        GatedFactory.gate.countDown();
        Thread.sleep(200);
        harness.endInput();
        List<TaggedAddress> out = harness.extractOutputValues();
        assertThat(out)
                .hasSize(2)
                .allSatisfy(
                        t ->
                                assertThat(t.outcome().failure())
                                        .isEqualTo(FailureReason.MODEL_TIMEOUT));
        assertThat(GatedFactory.RECORDS_RUN.get() - before)
                .as("only the record already in the model ran")
                .isEqualTo(1);
        assertThat(metrics.count(RecordMetrics.FAILED, TAG_STAGE)).isEqualTo(2);
    }

    @Test
    void aRecordTaggedInTimeIsNotTimedOutLater() throws Exception {
        GatedFactory.gate = new CountDownLatch(0);
        open(100);
        harness.processElement(new StreamRecord<>(request("fast"), 0));
        Thread.sleep(
                300); // tagged and completed on the batcher thread; the operator's mailbox has not
        // taken it yet
        harness.setProcessingTime(
                1_000); // the timeout timer still fires: it must find the record done
        harness.endInput();
        List<TaggedAddress> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).outcome().succeeded()).isTrue();
        assertThat(metrics.count(RecordMetrics.PROCESSED, TAG_STAGE)).isEqualTo(1);
        assertThat(metrics.count(RecordMetrics.FAILED, TAG_STAGE)).isZero();
        assertThat(metrics.histogram(RecordMetrics.LATENCY_MS, TAG_STAGE).getCount()).isEqualTo(1);
    }
}
