package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** The raw predictor's timing with several callers, as the job's batcher workers call the model. */
class BenchmarkCommandTest {

    /**
     * Counts how many calls are inside {@link #tag} at once; each stays a millisecond, so callers
     * running at once overlap there whatever the scheduler does.
     */
    private static final class OverlapCountingTagger implements AddressTagger {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<TaggingOutcome> tag(List<String> addresses) {
            calls.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            List<TaggingOutcome> out = new ArrayList<>();
            for (int i = 0; i < addresses.size(); i++) {
                out.add(TaggingOutcome.success(new TaggedElements(List.of(), false)));
            }
            return out;
        }

        @Override
        public String modelVersion() {
            return "overlap-counting";
        }

        @Override
        public int maxSequenceLength() {
            return 128;
        }

        @Override
        public void close() {}
    }

    private static final List<String> ADDRESSES = List.of("浙江省杭州市西湖区文三路478号", "上海市徐汇区漕溪北路88号");

    @ParameterizedTest(name = "{0} caller(s)")
    @ValueSource(ints = {1, 2})
    void callersTagAtOnceEachOnItsOwnBatches(int callers) throws Exception {
        OverlapCountingTagger tagger = new OverlapCountingTagger();
        BenchmarkCommand.BatchTimes times =
                BenchmarkCommand.timeBatches(tagger, ADDRESSES, 4, 0.05, 0, callers);
        assertThat(times.callers()).isEqualTo(callers);
        assertThat(times.size()).isEqualTo(4);
        assertThat(tagger.mostInFlight.get()).isEqualTo(callers);
        // Each caller times at least five batches, after a warm-up of 16 at batch size 4.
        assertThat(times.sortedNanos()).hasSizeGreaterThanOrEqualTo(5 * callers);
        assertThat(tagger.calls.get()).isEqualTo(times.sortedNanos().length + callers * 16);
        // The fake tagger sleeps, and the process clock ticks in 10 ms steps: zero is possible
        // here.
        assertThat(times.processCpuMicrosPerAddress()).isGreaterThanOrEqualTo(0.0);
        assertThat(times.sortedNanos()).isSorted();
        assertThat(times.addressesPerSecond()).isPositive();
    }

    @Test
    void callersTogetherTagEveryAddressOfTheList() {
        List<String> addresses = IntStream.range(0, 300).mapToObj(i -> "地址" + i).toList();
        List<List<List<String>>> perCaller = BenchmarkCommand.callerBatches(addresses, 8, 5, 2);

        assertThat(perCaller).hasSize(2);
        // 300 addresses in batches of 8 over two callers: 19 batches each, not the minimum 16.
        assertThat(perCaller).allSatisfy(batches -> assertThat(batches).hasSize(19));
        assertThat(perCaller.stream().flatMap(List::stream))
                .allSatisfy(b -> assertThat(b).hasSize(8));
        assertThat(perCaller.stream().flatMap(List::stream).flatMap(List::stream).distinct())
                .hasSize(300);
        // A short list still gives each caller 16 batches, cycling through it.
        assertThat(BenchmarkCommand.callerBatches(addresses.subList(0, 10), 8, 0, 2))
                .allSatisfy(batches -> assertThat(batches).hasSize(16));
    }
}
