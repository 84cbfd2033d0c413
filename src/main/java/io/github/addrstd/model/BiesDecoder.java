package io.github.addrstd.model;

import io.github.addrstd.event.AddressElement;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-word labels into element chunks exactly as ModelScope's token-classification pipeline
 * ({@code _chunk_process}) does, quirks included, so a converted MGeo model gives the same elements
 * here as in Python:
 *
 * <ul>
 *   <li>{@code O} neither closes nor extends an open chunk;
 *   <li>{@code I-}/{@code E-} continue an open chunk whatever their type (the chunk keeps the type
 *       of its first label);
 *   <li>{@code I-}/{@code E-} with no open chunk start one;
 *   <li>{@code B-}/{@code S-} close any open chunk first.
 * </ul>
 *
 * <p>Word spans arrive in code points (as the tokenizer reports them) and leave as Java string
 * indices, so elements can be cut out with {@link String#substring}.
 */
public final class BiesDecoder {

    private final LabelSet labels;

    public BiesDecoder(LabelSet labels) {
        this.labels = labels;
    }

    /**
     * @param text the original address
     * @param wordLabels the label id of each word (the argmax at its first word piece)
     * @param wordStarts each word's start, in code points
     * @param wordEnds each word's end (exclusive), in code points
     * @param wordScores the score of each word's label
     * @param scoreMode how a chunk's score is derived from its words' scores
     */
    public List<AddressElement> decode(
            String text,
            int[] wordLabels,
            int[] wordStarts,
            int[] wordEnds,
            float[] wordScores,
            ScoreMode scoreMode) {
        int[] utf16 = codePointToUtf16(text);
        List<AddressElement> out = new ArrayList<>();
        String type = null;
        int start = 0;
        int end = 0;
        float scoreSum = 0;
        int words = 0;
        for (int i = 0; i < wordLabels.length; i++) {
            char prefix = labels.prefix(wordLabels[i]);
            if (prefix == 'O') {
                continue;
            }
            boolean opens = prefix == 'B' || prefix == 'S' || type == null;
            if (opens) {
                if (type != null) {
                    out.add(element(text, utf16, type, start, end, scoreSum, words, scoreMode));
                }
                type = labels.type(wordLabels[i]);
                start = wordStarts[i];
                scoreSum = 0;
                words = 0;
            }
            end = wordEnds[i];
            if (opens || scoreMode == ScoreMode.MEAN) {
                scoreSum += wordScores[i];
                words++;
            }
            if (prefix == 'E' || prefix == 'S') {
                out.add(element(text, utf16, type, start, end, scoreSum, words, scoreMode));
                type = null;
            }
        }
        if (type != null) {
            out.add(element(text, utf16, type, start, end, scoreSum, words, scoreMode));
        }
        return out;
    }

    private static AddressElement element(
            String text,
            int[] utf16,
            String type,
            int start,
            int end,
            float sum,
            int words,
            ScoreMode mode) {
        int from = utf16[start];
        int to = utf16[end];
        return new AddressElement(
                type, text.substring(from, to), from, to, sum / Math.max(1, words));
    }

    /** utf16[cp] = the Java string index of code point cp; one extra entry for the end. */
    static int[] codePointToUtf16(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int index = 0;
        for (int cp = 0; cp < map.length - 1; cp++) {
            map[cp] = index;
            index += Character.charCount(text.codePointAt(index));
        }
        map[map.length - 1] = index;
        return map;
    }

    /** How a chunk's score is computed. */
    public enum ScoreMode {
        /** The score of the chunk's first word only, like the official pipeline's {@code prob}. */
        FIRST_WORD,
        /** The mean of the scores of the chunk's labelled words. */
        MEAN
    }
}
