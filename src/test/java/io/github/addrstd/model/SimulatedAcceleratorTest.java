package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggingOutcome;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark device: its latency curve reproduces the H100 figures, its memory limit the OOM
 * path.
 */
class SimulatedAcceleratorTest {

    private static final SimulatedAccelerator H100 = SimulatedAccelerator.h100MGeoBase(1.0);

    private static double addressesPerSecond(SimulatedAccelerator device, int batch, int length) {
        return batch / (device.latencyNanos((long) batch * length) / 1e9);
    }

    @Test
    void reproducesTheMeasuredThroughputAtSequenceLength32() {
        assertThat(H100.latencyNanos(32) / 1e6).isCloseTo(3.3, within(1e-6));
        assertThat(addressesPerSecond(H100, 128, 32)).isCloseTo(37_000, within(1.0));
        assertThat(addressesPerSecond(H100, 512, 32)).isCloseTo(57_300, within(1.0));
        assertThat(addressesPerSecond(H100, 1024, 32)).isCloseTo(57_800, within(1.0));
    }

    @Test
    void latencyGrowsWithPaddedTokensBetweenAndBeyondThePoints() {
        long previous = 0;
        for (long tokens = 1; tokens < 200_000; tokens += 997) {
            long nanos = H100.latencyNanos(tokens);
            assertThat(nanos).isGreaterThanOrEqualTo(previous);
            previous = nanos;
        }
        // Longer sequences cost like more addresses: 512 addresses of 64 tokens ~ 1,024 of 32.
        assertThat(H100.latencyNanos(512 * 64)).isEqualTo(H100.latencyNanos(1024 * 32));
        assertThat(H100.latencyNanos(2048 * 32))
                .isGreaterThan(H100.latencyNanos(1024 * 32) * 19 / 10);
        assertThat(SimulatedAccelerator.h100MGeoBase(0).latencyNanos(100_000)).isZero();
    }

    @Test
    void rejectsProfilesThatCannotBeRight() {
        assertThatThrownBy(
                        () ->
                                new SimulatedAccelerator(
                                        "x",
                                        List.of(
                                                new SimulatedAccelerator.Point(10, 2),
                                                new SimulatedAccelerator.Point(5, 3)),
                                        100,
                                        1))
                .hasMessageContaining("grow");
        assertThatThrownBy(() -> new SimulatedAccelerator("x", H100.points(), 0, 1))
                .hasMessageContaining("memory budget");
    }

    @Test
    void aBatchOverTheMemoryBudgetTakesTheRealOutOfMemoryPath() {
        SimulatedAccelerator small = new SimulatedAccelerator("small", H100.points(), 64 * 16, 0);
        AtomicInteger outOfMemory = new AtomicInteger();
        AtomicInteger splits = new AtomicInteger();
        TaggerListener listener =
                new TaggerListener() {
                    @Override
                    public void onOutOfMemory(int records) {
                        outOfMemory.incrementAndGet();
                    }

                    @Override
                    public void onBatchSplit(int records) {
                        splits.incrementAndGet();
                    }
                };
        SimulatedAcceleratorTagger tagger = new SimulatedAcceleratorTagger(small, listener);
        // 128 addresses padded to 16 tokens: twice the budget, so it is split once and both halves
        // run.
        List<TaggingOutcome> out = tagger.tag(Collections.nCopies(128, "浙江省杭州市文三路90号"));
        assertThat(out).hasSize(128).allMatch(TaggingOutcome::succeeded);
        assertThat(outOfMemory.get()).isEqualTo(1);
        assertThat(splits.get()).isEqualTo(1);
        assertThat(tagger.forwardPasses()).isEqualTo(2);

        SimulatedAcceleratorTagger tiny =
                new SimulatedAcceleratorTagger(
                        new SimulatedAccelerator("tiny", H100.points(), 8, 0), TaggerListener.NONE);
        assertThat(tiny.tag(List.of("浙江省杭州市文三路90号")).get(0).failure())
                .isEqualTo(FailureReason.MODEL_OUT_OF_MEMORY);
    }

    @Test
    void theDeviceIsBusyForTheSimulatedTime() {
        SimulatedAcceleratorTagger tagger =
                new SimulatedAcceleratorTagger(H100, TaggerListener.NONE);
        long start = System.nanoTime();
        String address = "上海市徐汇区漕溪北路128号"; // 14 code points + [CLS] + [SEP] = 16 tokens
        assertThat(tagger.estimateTokens(address)).isEqualTo(16);
        tagger.tag(Collections.nCopies(64, address));
        long wall = System.nanoTime() - start;
        long expected = H100.latencyNanos(64 * 16); // 16 is already a multiple of 8
        assertThat(tagger.busyNanos()).isEqualTo(expected);
        assertThat(wall).isGreaterThanOrEqualTo(expected);
        assertThat(tagger.modelVersion()).startsWith("simulated:");
    }
}
