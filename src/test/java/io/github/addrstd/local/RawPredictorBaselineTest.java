package io.github.addrstd.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.job.AddressJobOptions;
import io.github.addrstd.tools.BenchmarkCommand;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The raw predictor {@code bin/bench pipeline} sets the job against: the job's own tagger, at the
 * job's batch size and concurrency, with the padding of its passes counted. On the simulated device
 * at zero latency (no model to load), whose passes are padded as a GPU's.
 */
class RawPredictorBaselineTest {

    private static Configuration job(int padMultiple) {
        Configuration conf = new Configuration();
        conf.set(
                AddressJobOptions.SIMULATED_ACCELERATOR,
                AddressJobOptions.SimulatedDevice.H100_MGEO_BASE);
        conf.set(AddressJobOptions.SIMULATED_LATENCY_SCALE, 0.0);
        conf.set(AddressJobOptions.BATCH_MAX_SIZE, 8);
        conf.set(AddressJobOptions.BATCH_CONCURRENCY, 2);
        conf.set(AddressJobOptions.BATCH_PAD_MULTIPLE, padMultiple);
        return conf;
    }

    @Test
    void measuresTheJobsTaggerAtTheJobsBatchSizeAndCountsItsPadding() throws Exception {
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            mixed.add("浙江省杭州市西湖区文三路" + "1".repeat(1 + i % 13) + "号");
        }
        try (RawPredictorBaseline baseline = new RawPredictorBaseline(mixed, job(0), 0.2)) {
            baseline.warmUp(0.1);
            BenchmarkCommand.BatchTimes times = baseline.measure("test");
            assertThat(times.size()).isEqualTo(8);
            assertThat(times.callers()).isIn(1, 2);
            assertThat(times.addressesPerSecond()).isPositive();
            // Mixed lengths padded to a multiple of 8 (a GPU's, which the device simulates).
            assertThat(baseline.paddingRatio()).isGreaterThan(0.3).isLessThan(1.0);
        }
        List<String> sameLength = Collections.nCopies(40, "浙江省杭州市西湖区文三路1号");
        try (RawPredictorBaseline baseline = new RawPredictorBaseline(sameLength, job(1), 0.2)) {
            baseline.measure("test");
            assertThat(baseline.paddingRatio()).isEqualTo(1.0);
        }
    }
}
