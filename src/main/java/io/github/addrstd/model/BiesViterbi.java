package io.github.addrstd.model;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Constrained BIES decoding: the label sequence over a sentence's words with the highest summed
 * log-probability among those a chunker reads as whole chunks. There are no learned parameters; a
 * transition is allowed or not:
 *
 * <ul>
 *   <li>after {@code B-x} or {@code I-x} the chunk is open and only {@code I-x} or {@code E-x} may
 *       follow, except that
 *   <li>{@code B-x} of a type without an {@code S-} label is also a whole one-word chunk (that is
 *       how such models tag one-word elements);
 *   <li>after {@code O}, {@code E-*} or {@code S-*}, and at the start, only {@code O}, {@code B-*}
 *       or {@code S-*} may follow;
 *   <li>the sentence ends outside a chunk.
 * </ul>
 *
 * <p>The cost is linear in words times labels: a label that opens or stands outside a chunk follows
 * the best label that closes one (one maximum per word), and {@code I-x}/{@code E-x} follow the
 * best of {@code B-x}/{@code I-x}. Ties go to the lower label id, as in
 * model/tools/bies_viterbi.py, which the parity file checks this against.
 */
public final class BiesViterbi {

    private final int size;
    private final boolean[] closes;
    private final boolean[] outsideOrOpens;
    private final int[][] predecessors;

    public BiesViterbi(LabelSet labels) {
        this.size = labels.size();
        this.closes = new boolean[size];
        this.outsideOrOpens = new boolean[size];
        this.predecessors = new int[size][];
        Set<String> withSingle = new HashSet<>();
        for (int i = 0; i < size; i++) {
            if (labels.prefix(i) == 'S') {
                withSingle.add(labels.type(i));
            }
        }
        for (int i = 0; i < size; i++) {
            char prefix = labels.prefix(i);
            outsideOrOpens[i] = prefix == 'O' || prefix == 'B' || prefix == 'S';
            closes[i] =
                    prefix == 'O'
                            || prefix == 'E'
                            || prefix == 'S'
                            || (prefix == 'B' && !withSingle.contains(labels.type(i)));
            if (!outsideOrOpens[i]) {
                String type = labels.type(i);
                predecessors[i] =
                        IntStream.range(0, size)
                                .filter(
                                        p ->
                                                (labels.prefix(p) == 'B' || labels.prefix(p) == 'I')
                                                        && labels.type(p).equals(type))
                                .toArray();
            }
        }
    }

    /**
     * @param logProbs the log-probability of each label at each word, {@code [word * labels +
     *     label]}
     * @param words the number of words
     * @return the label id of each word
     */
    public int[] decode(double[] logProbs, int words) {
        int[] path = new int[words];
        if (words == 0) {
            return path;
        }
        int[] back = new int[words * size];
        double[] score = new double[size];
        double[] next = new double[size];
        for (int c = 0; c < size; c++) {
            score[c] = outsideOrOpens[c] ? logProbs[c] : Double.NEGATIVE_INFINITY;
        }
        for (int t = 1; t < words; t++) {
            int closed = bestClosing(score);
            int row = t * size;
            for (int c = 0; c < size; c++) {
                int best = closed;
                if (!outsideOrOpens[c]) {
                    best = -1;
                    for (int p : predecessors[c]) {
                        if (best < 0 || score[p] > score[best]) {
                            best = p;
                        }
                    }
                }
                if (best < 0) {
                    next[c] = Double.NEGATIVE_INFINITY;
                    back[row + c] = closed;
                } else {
                    next[c] = score[best] + logProbs[row + c];
                    back[row + c] = best;
                }
            }
            double[] swap = score;
            score = next;
            next = swap;
        }
        path[words - 1] = bestClosing(score);
        for (int t = words - 1; t > 0; t--) {
            path[t - 1] = back[t * size + path[t]];
        }
        return path;
    }

    private int bestClosing(double[] score) {
        int best = -1;
        for (int c = 0; c < size; c++) {
            if (closes[c] && (best < 0 || score[c] > score[best])) {
                best = c;
            }
        }
        return best;
    }
}
