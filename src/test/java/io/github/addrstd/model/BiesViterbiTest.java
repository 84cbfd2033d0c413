package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Constrained decoding against an exhaustive search: on random log-probabilities, the decoded
 * sequence is a whole-chunk sequence and no whole-chunk sequence scores higher. The label set mixes
 * a type with an {@code S-} label (poi) and types without one (city, road), as the default model's
 * does.
 */
class BiesViterbiTest {

    private static final List<String> LABELS =
            List.of(
                    "B-city", "E-city", "I-city", "O", "S-poi", "B-poi", "E-poi", "B-road",
                    "I-road", "E-road");
    private static final LabelSet SET = new LabelSet(LABELS);

    @Test
    void findsTheBestWholeChunkSequence() {
        BiesViterbi viterbi = new BiesViterbi(SET);
        Random random = new Random(20261127);
        for (int trial = 0; trial < 300; trial++) {
            int words = 1 + random.nextInt(5);
            double[] logProbs = new double[words * LABELS.size()];
            for (int i = 0; i < logProbs.length; i++) {
                logProbs[i] = -5 * random.nextDouble();
            }
            int[] decoded = viterbi.decode(logProbs, words);
            assertThat(wellFormed(decoded)).as("trial %d: %s", trial, names(decoded)).isTrue();
            assertThat(score(decoded, logProbs))
                    .as("trial %d", trial)
                    .isEqualTo(bestWellFormed(logProbs, words), offset(1e-9));
        }
    }

    @Test
    void repairsWhatArgmaxWouldFragment() {
        // 杭 B-city, 州 E-city (best) or I-city (runner-up), 市 E-city.
        double[] logProbs = new double[3 * LABELS.size()];
        Arrays.fill(logProbs, -20);
        logProbs[LABELS.indexOf("B-city")] = -0.01;
        logProbs[LABELS.size() + LABELS.indexOf("E-city")] = -0.3;
        logProbs[LABELS.size() + LABELS.indexOf("I-city")] = -1.4;
        logProbs[2 * LABELS.size() + LABELS.indexOf("E-city")] = -0.01;
        assertThat(names(new BiesViterbi(SET).decode(logProbs, 3)))
                .containsExactly("B-city", "I-city", "E-city");
    }

    @Test
    void aBeginningOfATypeWithoutSingleLabelsIsAWholeChunk() {
        // One-word road: the model's B-road alone; for poi (which has S-poi) B-poi alone is not.
        double[] logProbs = new double[LABELS.size()];
        Arrays.fill(logProbs, -20);
        logProbs[LABELS.indexOf("B-road")] = -0.1;
        logProbs[LABELS.indexOf("B-poi")] = -0.05;
        logProbs[LABELS.indexOf("S-poi")] = -3;
        assertThat(names(new BiesViterbi(SET).decode(logProbs, 1))).containsExactly("B-road");
    }

    @Test
    void noWordsNoLabels() {
        assertThat(new BiesViterbi(SET).decode(new double[0], 0)).isEmpty();
    }

    /** The grammar written as a check over a whole sequence, independently of the decoder. */
    private static boolean wellFormed(int[] labels) {
        String open = null; // the type of the open chunk, null outside one
        boolean openMayEnd = false; // the open chunk is a B- of a type with no S- label
        for (int id : labels) {
            char prefix = SET.prefix(id);
            boolean continues = prefix == 'I' || prefix == 'E';
            if (open != null) {
                if (continues && SET.type(id).equals(open)) {
                    open = prefix == 'I' ? open : null;
                    openMayEnd = false;
                    continue;
                }
                if (!openMayEnd) {
                    return false;
                }
            }
            if (continues) {
                return false;
            }
            open = prefix == 'B' ? SET.type(id) : null;
            openMayEnd = open != null && !LABELS.contains("S-" + open);
        }
        return open == null || openMayEnd;
    }

    private static double bestWellFormed(double[] logProbs, int words) {
        int size = LABELS.size();
        int[] labels = new int[words];
        double best = Double.NEGATIVE_INFINITY;
        for (long code = 0; code < Math.pow(size, words); code++) {
            long rest = code;
            for (int w = 0; w < words; w++) {
                labels[w] = (int) (rest % size);
                rest /= size;
            }
            if (wellFormed(labels)) {
                best = Math.max(best, score(labels, logProbs));
            }
        }
        return best;
    }

    private static double score(int[] labels, double[] logProbs) {
        double sum = 0;
        for (int w = 0; w < labels.length; w++) {
            sum += logProbs[w * LABELS.size() + labels[w]];
        }
        return sum;
    }

    private static List<String> names(int[] labels) {
        return Arrays.stream(labels).mapToObj(LABELS::get).toList();
    }
}
