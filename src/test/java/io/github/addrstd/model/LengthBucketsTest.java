package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/** Splitting a batch by length: exact least cost, every address once, one pass when it pays. */
class LengthBucketsTest {

    private static String ofLength(int codePoints) {
        return "路".repeat(codePoints);
    }

    @Test
    void oneLongAddressAmongShortOnesGetsItsOwnPass() {
        List<String> batch = new ArrayList<>(Collections.nCopies(63, ofLength(14)));
        batch.add(30, ofLength(100));
        List<int[]> passes = new LengthBuckets(LengthBucketsTest::padded, 128, 64).passes(batch);
        // 64 x 104 = 6,656 padded tokens in one pass; 63 x 16 + 104 + 64 = 1,176 in two.
        assertThat(passes).hasSize(2);
        assertThat(passes.get(0)).hasSize(63).doesNotContain(30);
        assertThat(passes.get(1)).containsExactly(30);
    }

    @Test
    void similarLengthsStayOnePassInTheirOrder() {
        List<String> batch = List.of(ofLength(10), ofLength(13), ofLength(11), ofLength(12));
        assertThat(new LengthBuckets(LengthBucketsTest::padded, 128, 64).passes(batch))
                .singleElement()
                .satisfies(pass -> assertThat(pass).containsExactly(0, 1, 2, 3));
    }

    @Test
    void zeroOverheadMeansNeverSplit() {
        List<String> batch = List.of(ofLength(3), ofLength(120));
        assertThat(new LengthBuckets(LengthBucketsTest::padded, 128, 0).passes(batch)).hasSize(1);
    }

    @Test
    void cutsByThePaddedLengthsItIsGiven() {
        // 12 and 14 tokens: one length at a pad multiple of 8 (16), two at 1.
        List<String> batch = List.of(ofLength(10), ofLength(12));
        ToIntFunction<String> byEight = LengthBucketsTest::padded;
        ToIntFunction<String> byOne = text -> text.length() + 2;
        assertThat(new LengthBuckets(byEight, 128, 1).passes(batch)).hasSize(1);
        assertThat(new LengthBuckets(byOne, 128, 1).passes(batch)).hasSize(2);
    }

    @Test
    void agreesWithAnExhaustiveSearchOverCuts() {
        Random random = new Random(20261127);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(12);
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(ofLength(random.nextInt(150)));
            }
            int overhead = 1 + random.nextInt(200); // 0 means never split
            List<int[]> passes =
                    new LengthBuckets(LengthBucketsTest::padded, 128, overhead).passes(batch);
            int[] all = passes.stream().flatMapToInt(Arrays::stream).sorted().toArray();
            assertThat(all).as("every address once").containsExactly(identity(n));
            assertThat(cost(batch, passes, overhead))
                    .as("trial %d", trial)
                    .isEqualTo(bestCost(batch, overhead));
        }
    }

    private static int padded(String text) {
        int tokens = Math.min(128, text.length() + 2);
        return Math.min(128, (tokens + 7) / 8 * 8);
    }

    private static long cost(List<String> batch, List<int[]> passes, int overhead) {
        long total = 0;
        for (int[] pass : passes) {
            int longest = Arrays.stream(pass).map(i -> padded(batch.get(i))).max().orElse(0);
            total += (long) pass.length * longest + overhead;
        }
        return total;
    }

    /** Every way to cut the length-sorted batch into contiguous passes. */
    private static long bestCost(List<String> batch, int overhead) {
        int[] sorted = batch.stream().mapToInt(LengthBucketsTest::padded).sorted().toArray();
        int n = sorted.length;
        long best = Long.MAX_VALUE;
        for (int mask = 0; mask < 1 << (n - 1); mask++) {
            long total = 0;
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (i == n - 1 || (mask >> i & 1) == 1) {
                    total += (long) (i - start + 1) * sorted[i] + overhead;
                    start = i + 1;
                }
            }
            best = Math.min(best, total);
        }
        return best;
    }

    private static int[] identity(int n) {
        return IntStream.range(0, n).toArray();
    }
}
