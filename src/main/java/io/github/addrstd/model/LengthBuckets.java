package io.github.addrstd.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a batch into forward passes of similar lengths where the padding saved outweighs the cost
 * of another pass. A batch is padded to its longest address, so one long address makes every short
 * one pay for its length: batches of 64 consecutive real addresses (the dev split) hold twice their
 * real tokens.
 *
 * <p>The cost of a pass is modelled as its padded tokens plus a fixed {@code passOverheadTokens}
 * (the launch and framework cost of a pass, in token equivalents). Each text's padded length is the
 * tagger's own estimate ({@link AddressTagger#estimateTokens}: code points plus [CLS] and [SEP],
 * rounded up to the pad multiple, an upper bound, as digit and Latin runs become fewer word
 * pieces); the lengths are sorted and cut into the contiguous groups of least total cost, an exact
 * dynamic programme over the few distinct lengths. On a GPU a pass costs thousands of tokens' time
 * and the job's batcher already groups lengths, so the default there is no splitting.
 */
final class LengthBuckets {

    private final ToIntFunction<String> paddedTokens;
    private final int maxLength;
    private final int passOverheadTokens;

    /**
     * @param paddedTokens the padded length of a text's pass, at most {@code maxLength}
     * @param maxLength the model's longest input
     * @param passOverheadTokens the cost of one more pass in tokens; 0 or less never splits
     */
    LengthBuckets(ToIntFunction<String> paddedTokens, int maxLength, int passOverheadTokens) {
        this.paddedTokens = paddedTokens;
        this.maxLength = maxLength;
        this.passOverheadTokens = passOverheadTokens;
    }

    /**
     * The passes for {@code texts}: index lists into it. A single pass keeps the input order;
     * several are each sorted by length.
     */
    List<int[]> passes(List<String> texts) {
        int n = texts.size();
        if (passOverheadTokens <= 0 || n < 2) {
            return List.of(identity(n));
        }
        int[] lengthOf = new int[n];
        int[] count = new int[maxLength + 2];
        for (int i = 0; i < n; i++) {
            lengthOf[i] = Math.max(0, Math.min(maxLength, paddedTokens.applyAsInt(texts.get(i))));
            count[lengthOf[i] + 1]++;
        }
        // The distinct padded lengths present, with the count of texts up to each.
        int[] lengths = new int[maxLength + 1];
        int[] upTo = new int[maxLength + 1];
        int distinct = 0;
        int cumulative = 0;
        for (int length = 0; length <= maxLength; length++) {
            if (count[length + 1] > 0) {
                cumulative += count[length + 1];
                lengths[distinct] = length;
                upTo[distinct] = cumulative;
                distinct++;
            }
        }
        // best[j]: least cost of the texts of the j shortest lengths; cut[j]: where its last pass
        // starts.
        long[] best = new long[distinct + 1];
        int[] cut = new int[distinct + 1];
        for (int j = 1; j <= distinct; j++) {
            best[j] = Long.MAX_VALUE;
            for (int i = 0; i < j; i++) {
                int rows = upTo[j - 1] - (i == 0 ? 0 : upTo[i - 1]);
                long cost = best[i] + (long) rows * lengths[j - 1] + passOverheadTokens;
                if (cost < best[j]) {
                    best[j] = cost;
                    cut[j] = i;
                }
            }
        }
        if (cut[distinct] == 0) {
            return List.of(identity(n));
        }
        // Counting sort by length (stable: equal lengths keep their order), then cut.
        for (int length = 1; length <= maxLength + 1; length++) {
            count[length] += count[length - 1];
        }
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[count[lengthOf[i]]++] = i;
        }
        List<int[]> passes = new ArrayList<>();
        for (int j = distinct; j > 0; j = cut[j]) {
            int from = cut[j] == 0 ? 0 : upTo[cut[j] - 1];
            passes.add(0, Arrays.copyOfRange(sorted, from, upTo[j - 1]));
        }
        return passes;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
