package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.batching.BatchingSettings;
import io.github.addrstd.model.SimulatedAccelerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The short CI variant of {@code bin/bench batcher}: every level runs and completes what it
 * submitted, batches grow with load, and the plot is written. Its figures are not asserted here
 * (timing on a shared CI machine proves nothing); the README's come from the bench command.
 */
class BatcherBenchmarkTest {

    /** The simulated H100, 4 sources of 64 outstanding each, over three addresses. */
    private static BatcherBenchmark bench(BatchingSettings settings) {
        return new BatcherBenchmark(
                SimulatedAccelerator.h100MGeoBase(1.0),
                settings,
                4,
                64,
                List.of("浙江省杭州市西湖区文三路90号", "上海市徐汇区漕溪北路128号", "北京市朝阳区建国路88号SOHO现代城"));
    }

    @Test
    void measuresSaturationAndTheLoadCurve(@TempDir Path dir) throws Exception {
        BatcherBenchmark bench = bench(new BatchingSettings(256, 8192, Duration.ofMillis(5), 1024));
        List<BatcherBenchmark.Level> levels = bench.run(0.5, new double[] {0.1, 0.75});

        assertThat(levels)
                .extracting(BatcherBenchmark.Level::load)
                .containsExactly("saturation", "10 %", "75 %");
        assertThat(levels).allSatisfy(l -> assertThat(l.throughput()).isPositive());
        assertThat(levels.get(0).rejected())
                .as("closed loop never offers more than the queue holds")
                .isZero();
        assertThat(levels.get(0).meanBatch())
                .as("at saturation batches fill up")
                .isGreaterThan(levels.get(1).meanBatch());
        assertThat(levels.get(1).offeredPerSecond()).isEqualTo(levels.get(0).throughput() * 0.1);

        assertThat(levels)
                .allSatisfy(
                        l ->
                                assertThat(l.deviceBusy())
                                        .as("one device is busy at most all the time")
                                        .isBetween(0.0, 1.0 + 1e-6));

        Path png = dir.resolve("curve.png");
        BatcherBenchmark.plot(levels, "test", png);
        assertThat(Files.readAllBytes(png))
                .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void twoWorkersQueueTheirPassesOnTheOneDevice() throws Exception {
        BatcherBenchmark bench =
                bench(new BatchingSettings(256, 8192, Duration.ofMillis(5), 1024, true, 2));
        List<BatcherBenchmark.Level> levels = bench.run(0.5, new double[] {0.5});

        assertThat(levels).allSatisfy(l -> assertThat(l.throughput()).isPositive());
        assertThat(levels.get(0).rejected()).isZero();
        // Passes run one after another, as on one CUDA stream: never more than the device's time.
        assertThat(levels).allSatisfy(l -> assertThat(l.deviceBusy()).isBetween(0.0, 1.0 + 1e-6));
    }
}
