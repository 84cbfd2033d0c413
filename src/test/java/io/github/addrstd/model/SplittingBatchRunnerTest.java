package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class SplittingBatchRunnerTest {

    private static TaggedElements resultFor(String text) {
        return new TaggedElements(
                List.of(new AddressElement("poi", text, 0, text.length(), 1f)), false);
    }

    private static List<String> batch(int n) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts.add("r" + i);
        }
        return texts;
    }

    /** Counts the listener's events. */
    private static final class Events implements TaggerListener {
        final AtomicInteger ooms = new AtomicInteger();
        final AtomicInteger splits = new AtomicInteger();

        @Override
        public void onOutOfMemory(int records) {
            ooms.incrementAndGet();
        }

        @Override
        public void onBatchSplit(int records) {
            splits.incrementAndGet();
        }
    }

    @Test
    void cudaOutOfMemorySplitsUntilBatchesFit() {
        Events events = new Events();
        AtomicInteger freed = new AtomicInteger();
        SplittingBatchRunner runner =
                new SplittingBatchRunner(
                        b -> {
                            if (b.size() > 4) {
                                throw new ai.djl.translate.TranslateException(
                                        new EngineException(
                                                "CUDA out of memory. Tried to allocate 1.50 GiB"
                                                        + " (GPU 0; 79.1 GiB total)"));
                            }
                            return b.stream().map(SplittingBatchRunnerTest::resultFor).toList();
                        },
                        size -> freed.incrementAndGet(),
                        events);

        List<TaggingOutcome> out = runner.run(batch(16));
        assertThat(out).hasSize(16).allMatch(TaggingOutcome::succeeded);
        assertThat(out)
                .extracting(o -> o.result().elements().get(0).text())
                .containsExactlyElementsOf(batch(16));
        assertThat(events.ooms.get()).isEqualTo(3); // 16, then 8 and 8
        assertThat(events.splits.get()).isEqualTo(3);
        assertThat(freed.get()).isEqualTo(3);
    }

    @Test
    void onlyTheRecordThatStillFailsIsFailed() {
        SplittingBatchRunner runner =
                new SplittingBatchRunner(
                        b -> {
                            if (b.contains("r5")) {
                                throw new EngineException("index out of range in self");
                            }
                            return b.stream().map(SplittingBatchRunnerTest::resultFor).toList();
                        },
                        size -> {},
                        TaggerListener.NONE);

        List<TaggingOutcome> out = runner.run(batch(8));
        assertThat(out).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(out.get(i).succeeded()).as("record %d", i).isEqualTo(i != 5);
        }
        assertThat(out.get(5).failure()).isEqualTo(FailureReason.MODEL_FAILED);
        assertThat(out.get(5).detail()).contains("index out of range");
    }

    @Test
    void singleRecordOutOfMemoryIsReportedAsSuch() {
        SplittingBatchRunner runner =
                new SplittingBatchRunner(
                        b -> {
                            throw new EngineException("CUDA out of memory.");
                        },
                        size -> {},
                        TaggerListener.NONE);
        assertThat(runner.run(List.of("x")).get(0).failure())
                .isEqualTo(FailureReason.MODEL_OUT_OF_MEMORY);
    }

    @Test
    void recognisesOutOfMemoryOnlyByItsMessage() {
        assertThat(
                        SplittingBatchRunner.isOutOfMemory(
                                new RuntimeException(
                                        "wrap",
                                        new EngineException(
                                                "CUDA out of memory. Tried to allocate 2.00 GiB"))))
                .isTrue();
        assertThat(SplittingBatchRunner.isOutOfMemory(new EngineException("shape mismatch")))
                .isFalse();
    }

    @Test
    void anEmptyBatchNeverCallsTheModel() {
        AtomicInteger calls = new AtomicInteger();
        SplittingBatchRunner runner =
                new SplittingBatchRunner(
                        b -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException("the model refuses an empty batch");
                        },
                        n -> {},
                        new Events());
        assertThat(runner.run(List.of())).isEmpty();
        assertThat(calls.get()).isZero();
    }

    @Test
    void aStickyCudaErrorFailsTheBatchOnceWithoutSplitting() {
        AtomicInteger calls = new AtomicInteger();
        Events events = new Events();
        SplittingBatchRunner runner =
                new SplittingBatchRunner(
                        b -> {
                            calls.incrementAndGet();
                            throw new IllegalStateException(
                                    "CUDA error: an illegal memory access was encountered");
                        },
                        n -> {},
                        events);
        List<TaggingOutcome> outcomes = runner.run(batch(16));
        assertThat(calls.get()).as("one call, not 31").isEqualTo(1);
        assertThat(events.splits.get()).isZero();
        assertThat(outcomes)
                .hasSize(16)
                .allSatisfy(
                        o -> {
                            assertThat(o.failure())
                                    .isEqualTo(io.github.addrstd.event.FailureReason.MODEL_FAILED);
                            assertThat(o.detail()).contains("illegal memory access");
                        });
    }
}
