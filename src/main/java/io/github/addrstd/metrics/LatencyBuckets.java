package io.github.addrstd.metrics;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Arrays;

/**
 * A latency distribution that Prometheus can aggregate over subtasks and over a time window: one
 * cumulative bucket count per upper bound, in the key-value group {@code le=<bound>}, exported as
 * {@code <scope>_le_<name>_bucket{le="..."}} so that {@code histogram_quantile(0.99, sum by (le)
 * (rate(<...>_bucket[5m])))} is the p99 of the last five minutes over all subtasks. The reporter's
 * own histograms are summaries of each subtask's last 1,024 values, which can be neither aggregated
 * nor windowed (they freeze when traffic stops).
 *
 * <p>The last bucket is {@code le="Inf"}: the reporter replaces the {@code +} of the conventional
 * {@code +Inf} in label values, and PromQL parses {@code Inf} as positive infinity. Counts are
 * plain longs with one writer at a time, as Flink's own counters; the reporter reads them through
 * gauges.
 */
public final class LatencyBuckets {

    public static final String BUCKET_GROUP = "le";
    public static final String BUCKET_SUFFIX = "_bucket";

    /** Upper bounds in milliseconds; the ops guide's thresholds (500 ms, 1 s) are among them. */
    static final long[] BOUNDS_MS = {
        5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000
    };

    static final String INFINITE_BOUND = "Inf";

    private final long[] counts = new long[BOUNDS_MS.length + 1];

    /** Registers {@code name + "_bucket"} in {@code group}, one series per bound. */
    public LatencyBuckets(MetricGroup group, String name) {
        for (int i = 0; i <= BOUNDS_MS.length; i++) {
            int bucket = i;
            String le = i < BOUNDS_MS.length ? Long.toString(BOUNDS_MS[i]) : INFINITE_BOUND;
            group.addGroup(BUCKET_GROUP, le)
                    .gauge(name + BUCKET_SUFFIX, (Gauge<Long>) () -> cumulativeCount(bucket));
        }
    }

    public void record(long millis) {
        record(millis, 1);
    }

    /** {@code records} records of the same latency. */
    public void record(long millis, long records) {
        int i = Arrays.binarySearch(BOUNDS_MS, millis);
        counts[i >= 0 ? i : -i - 1] += records;
    }

    /** Records with a latency of at most the bucket's bound. */
    long cumulativeCount(int bucket) {
        long sum = 0;
        for (int i = 0; i <= bucket; i++) {
            sum += counts[i];
        }
        return sum;
    }
}
