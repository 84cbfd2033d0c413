package io.github.addrstd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The buckets as the reporter reads them: cumulative, a bound's own value inside its bucket. */
class LatencyBucketsTest {

    private final MetricListener listener = new MetricListener();

    private long bucket(String le) {
        return listener.<Long>getGauge(
                        LatencyBuckets.BUCKET_GROUP, le, "latencyMs" + LatencyBuckets.BUCKET_SUFFIX)
                .orElseThrow(() -> new AssertionError("no bucket le=" + le))
                .getValue();
    }

    @Test
    void bucketsAreCumulativeAndEndAtInfinity() {
        LatencyBuckets buckets = new LatencyBuckets(listener.getMetricGroup(), "latencyMs");
        for (long ms : new long[] {3, 5, 6, 499, 500, 501, 70_000, -1}) {
            buckets.record(ms);
        }

        assertThat(bucket("5")).as("3, 5 and a negative (clock skew)").isEqualTo(3);
        assertThat(bucket("10")).isEqualTo(4);
        assertThat(bucket("250")).isEqualTo(4);
        assertThat(bucket("500")).as("500 itself is at most 500").isEqualTo(6);
        assertThat(bucket("1000")).isEqualTo(7);
        assertThat(bucket("60000")).isEqualTo(7);
        assertThat(bucket("Inf")).as("every record").isEqualTo(8);
    }

    @Test
    void everyBoundIsExportedOnce() {
        new LatencyBuckets(listener.getMetricGroup(), "latencyMs");
        for (long bound : LatencyBuckets.BOUNDS_MS) {
            assertThat(bucket(Long.toString(bound))).isZero();
        }
        assertThat(bucket(LatencyBuckets.INFINITE_BOUND)).isZero();
    }
}
