package io.github.addrstd.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.batching.MicroBatcher;

import ai.djl.Device;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The inference metric group, read back by name through Flink's MetricListener as the reporter
 * reads it.
 */
class InferenceMetricsTest {

    private final MetricListener listener = new MetricListener();

    private <T> T gauge(String name) {
        return listener.<T>getGauge(InferenceMetrics.GROUP, name).orElseThrow().getValue();
    }

    @Test
    void batchesTokensAndStateAreExportedUnderTheInferenceGroup() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(Device.cpu());
        try (MicroBatcher<String, String> batcher =
                new MicroBatcher<>(
                        "metrics-test",
                        new BatchingSettings(4, 10_000, Duration.ofMillis(50), 64),
                        batch -> {
                            metrics.onForwardPass(batch.size(), 10, 25);
                            return batch;
                        },
                        String::length,
                        metrics)) {
            metrics.registerOn(listener.getMetricGroup(), batcher);
            List<CompletableFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(batcher.submit("subtask-0", "address " + i));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        }

        assertThat(
                        listener.getCounter(InferenceMetrics.GROUP, InferenceMetrics.BATCHES)
                                .orElseThrow()
                                .getCount())
                .isEqualTo(1);
        assertThat(
                        listener.getHistogram(InferenceMetrics.GROUP, InferenceMetrics.BATCH_SIZE)
                                .orElseThrow()
                                .getStatistics()
                                .getMax())
                .isEqualTo(4);
        assertThat(
                        listener.getCounter(InferenceMetrics.GROUP, InferenceMetrics.PADDED_TOKENS)
                                .orElseThrow()
                                .getCount())
                .isEqualTo(40);
        assertThat(
                        listener.getCounter(InferenceMetrics.GROUP, InferenceMetrics.REAL_TOKENS)
                                .orElseThrow()
                                .getCount())
                .isEqualTo(25);
        assertThat(this.<Double>gauge(InferenceMetrics.PADDING_RATIO)).isEqualTo(25.0 / 40);
        assertThat(this.<Integer>gauge(InferenceMetrics.QUEUE_DEPTH)).isZero();
        assertThat(this.<Integer>gauge(InferenceMetrics.DEVICE_GPU_INDEX)).as("CPU").isEqualTo(-1);
        assertThat(this.<Integer>gauge(InferenceMetrics.GPU_AVAILABLE)).as("CPU").isZero();
    }

    @Test
    void modelLoadedAndCircuitOpenFollowTheirSources() throws Exception {
        InferenceMetrics metrics = new InferenceMetrics(Device.cpu());
        try (MicroBatcher<String, String> batcher =
                new MicroBatcher<>(
                        "metrics-test-2",
                        new BatchingSettings(4, 10_000, Duration.ZERO, 64),
                        batch -> batch,
                        String::length,
                        metrics)) {
            metrics.registerOn(listener.getMetricGroup(), batcher);
            Gauge<Integer> loaded =
                    listener.<Integer>getGauge(
                                    InferenceMetrics.GROUP, InferenceMetrics.MODEL_LOADED)
                            .orElseThrow();
            Gauge<Integer> open =
                    listener.<Integer>getGauge(
                                    InferenceMetrics.GROUP, InferenceMetrics.CIRCUIT_OPEN)
                            .orElseThrow();
            assertThat(loaded.getValue()).isZero();
            metrics.setModelLoaded(true);
            assertThat(loaded.getValue()).isEqualTo(1);

            CircuitBreaker breaker =
                    new CircuitBreaker(new CircuitBreaker.Settings(2, Duration.ofMinutes(1)));
            metrics.setCircuitBreaker(breaker);
            assertThat(open.getValue()).isZero();
            breaker.onFailure();
            breaker.onFailure();
            assertThat(open.getValue()).isEqualTo(1);
        }
    }
}
