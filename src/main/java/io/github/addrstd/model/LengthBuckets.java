package io.github.addrstd.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a batch into forward passes of similar lengths where the padding saved outweighs the cost
 * of another pass. A batch is padded to its longest address, so one long address makes every short
 * one pay for its length: batches of 64 consecutive real addresses (the dev split) hold twice their
 * real tokens.
 *
 * <p>The cost of a pass is modelled as its padded tokens plus a fixed {@code passOverheadTokens}
 * (the launch and framework cost of a pass, in token equivalents). Lengths are estimated from the
 * text (code points plus [CLS] and [SEP], rounded up to the pad multiple: an upper bound, as digit
 * and Latin runs become fewer word pieces), sorted, and cut into the contiguous groups of least
 * total cost, an exact dynamic programme over the few distinct padded lengths. On a GPU a pass
 * costs thousands of tokens' time and the job's batcher already groups lengths, so the default
 * there is no splitting.
 */
final class LengthBuckets {

    private final int padMultiple;
    private final int maxLength;
    private final int passOverheadTokens;

    /**
     * @param padMultiple the translator's pad multiple
     * @param maxLength the model's longest input
     * @param passOverheadTokens the cost of one more pass in tokens; 0 or less never splits
     */
    LengthBuckets(int padMultiple, int maxLength, int passOverheadTokens) {
        this.padMultiple = Math.max(1, padMultiple);
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
        int slots = maxLength / padMultiple + 1;
        int[] slotOf = new int[n];
        int[] count = new int[slots + 1];
        for (int i = 0; i < n; i++) {
            String text = texts.get(i);
            int tokens = Math.min(maxLength, text.codePointCount(0, text.length()) + 2);
            slotOf[i] = Math.min(slots - 1, (tokens + padMultiple - 1) / padMultiple);
            count[slotOf[i] + 1]++;
        }
        // The distinct padded lengths present, with the count of texts up to each.
        int[] lengths = new int[slots];
        int[] upTo = new int[slots];
        int distinct = 0;
        int cumulative = 0;
        for (int s = 0; s < slots; s++) {
            if (count[s + 1] > 0) {
                cumulative += count[s + 1];
                lengths[distinct] = Math.min(maxLength, s * padMultiple);
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
        // Counting sort by slot (stable: equal lengths keep their order), then cut.
        for (int s = 1; s <= slots; s++) {
            count[s] += count[s - 1];
        }
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[count[slotOf[i]]++] = i;
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
