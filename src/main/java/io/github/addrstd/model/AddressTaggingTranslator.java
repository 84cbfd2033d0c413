package io.github.addrstd.model;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tokenizes a whole batch of addresses in one call, pads it to one length, and decodes the logits
 * of the single forward pass back into elements per address. Every NDArray is created from the
 * per-call context manager, which DJL closes after each batch, so no native memory outlives a
 * batch.
 *
 * <p>One label per word, read at the word's first word piece as the model directory says ({@link
 * LabelDecoding}): MGeo's per-word argmax, or {@link BiesViterbi} over the words'
 * log-probabilities; then {@link BiesDecoder} turns the labels into chunks, and the directory's
 * {@link ElementRule}s, if any, apply to them.
 */
public final class AddressTaggingTranslator
        implements NoBatchifyTranslator<List<String>, ForwardPassOutput> {

    private static final String ENCODINGS = "encodings";
    private static final String TEXTS = "texts";

    /** Floor under a probability before its log, as in model/tools/train_default_tagger.py. */
    private static final double MIN_PROBABILITY = 1e-30;

    private final HuggingFaceTokenizer tokenizer;
    private final BiesDecoder decoder;
    private final BiesViterbi viterbi;
    private final List<ElementRule> rules;
    private final int maxSequenceLength;
    private final int padMultiple;
    private final long padId;
    private final boolean pipelineCompatibleScores;
    private final int labelCount;

    /**
     * @param tokenizer truncating tokenizer that adds [CLS]/[SEP] and does not pad
     * @param labels the model's labels in id order
     * @param maxSequenceLength the longest input (special tokens included) the model accepts
     * @param padMultiple pad each batch to a multiple of this (fewer distinct shapes for the
     *     engine)
     * @param padId the [PAD] token id
     * @param decoding how each word's label is read from the scores
     * @param rules applied to each address's decoded elements, in order
     * @param pipelineCompatibleScores reproduce the official pipeline's chunk {@code prob}, which
     *     is read from the wrong row (see the notes on quirk Q5), instead of the word's own
     *     probability
     */
    public AddressTaggingTranslator(
            HuggingFaceTokenizer tokenizer,
            LabelSet labels,
            int maxSequenceLength,
            int padMultiple,
            long padId,
            LabelDecoding decoding,
            List<ElementRule> rules,
            boolean pipelineCompatibleScores) {
        this.tokenizer = tokenizer;
        this.decoder = new BiesDecoder(labels);
        this.viterbi = decoding == LabelDecoding.VITERBI ? new BiesViterbi(labels) : null;
        this.rules = List.copyOf(rules);
        this.labelCount = labels.size();
        this.maxSequenceLength = maxSequenceLength;
        this.padMultiple = Math.max(1, padMultiple);
        this.padId = padId;
        this.pipelineCompatibleScores = pipelineCompatibleScores;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<String> texts) {
        // One text at a time, on the caller's thread: batchEncode hands a batch to the tokenizers
        // library's own thread pool (rayon, one thread per core), whose workers spin and wake
        // beside the batcher's threads, which already run batches side by side. Sampled in the
        // job on the 2-core machine, that pool's two threads took about 10 % of a core; tokenizing
        // on the caller's thread costs a few microseconds an address, and the same outputs.
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
        }
        ctx.setAttachment(ENCODINGS, encodings);
        ctx.setAttachment(TEXTS, texts);
        int longest = 0;
        for (Encoding e : encodings) {
            longest = Math.max(longest, e.getIds().length);
        }
        int length = Math.min(maxSequenceLength, roundUp(Math.max(longest, 1), padMultiple));
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        Arrays.fill(ids, padId);
        for (int row = 0; row < encodings.length; row++) {
            long[] rowIds = encodings[row].getIds();
            System.arraycopy(rowIds, 0, ids, row * length, rowIds.length);
            Arrays.fill(mask, row * length, row * length + rowIds.length, 1L);
        }
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(texts.size(), length);
        return new NDList(manager.create(ids, shape), manager.create(mask, shape));
    }

    @Override
    public ForwardPassOutput processOutput(TranslatorContext ctx, NDList output) {
        Encoding[] encodings = (Encoding[]) ctx.getAttachment(ENCODINGS);
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) ctx.getAttachment(TEXTS);
        NDArray logits = output.singletonOrThrow().toType(DataType.FLOAT32, false);
        int length = (int) logits.getShape().get(1);
        int numLabels = (int) logits.getShape().get(2);
        if (numLabels != labelCount) {
            throw new IllegalStateException(
                    "the model returns "
                            + numLabels
                            + " logits per token but labels.txt has "
                            + labelCount
                            + " labels; they must describe the same classifier head");
        }
        float[] probs = logits.softmax(-1).toFloatArray();
        // Viterbi reads the probabilities; only argmax decoding needs the per-token argmax.
        int[] argmax = viterbi == null ? toInts(logits.argMax(-1).toLongArray()) : null;
        List<TaggedElements> results = new ArrayList<>(encodings.length);
        long realTokens = 0;
        for (int row = 0; row < encodings.length; row++) {
            realTokens += encodings[row].getIds().length;
            results.add(
                    decodeRow(
                            texts.get(row), row, encodings[row], argmax, probs, length, numLabels));
        }
        return new ForwardPassOutput(results, length, realTokens);
    }

    private TaggedElements decodeRow(
            String text,
            int row,
            Encoding encoding,
            int[] argmax,
            float[] probs,
            int length,
            int numLabels) {
        long[] wordIds = encoding.getWordIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        int words = 0;
        int[] positions = new int[wordIds.length];
        int[] starts = new int[wordIds.length];
        int[] ends = new int[wordIds.length];
        long previous = -1;
        for (int pos = 0; pos < wordIds.length; pos++) {
            if (spans[pos] == null || wordIds[pos] < 0) {
                continue; // [CLS], [SEP]
            }
            if (wordIds[pos] != previous) {
                positions[words] = pos;
                starts[words] = spans[pos].getStart();
                words++;
            }
            ends[words - 1] = spans[pos].getEnd();
            previous = wordIds[pos];
        }
        int[] labels =
                viterbi == null
                        ? argmaxLabels(argmax, row * length, positions, words)
                        : viterbi.decode(
                                logProbabilities(probs, row * length, positions, words, numLabels),
                                words);
        float[] scores = new float[words];
        for (int w = 0; w < words; w++) {
            // Q5: the pipeline reads the probability at row `word index`, not at the word's token.
            int scoreRow = pipelineCompatibleScores ? w : positions[w];
            scores[w] = probs[(row * length + scoreRow) * numLabels + labels[w]];
        }
        List<AddressElement> elements =
                decoder.decode(
                        text,
                        labels,
                        Arrays.copyOf(starts, words),
                        Arrays.copyOf(ends, words),
                        scores,
                        pipelineCompatibleScores
                                ? BiesDecoder.ScoreMode.FIRST_WORD
                                : BiesDecoder.ScoreMode.MEAN);
        for (ElementRule rule : rules) {
            elements = rule.apply(elements);
        }
        return new TaggedElements(elements, encoding.exceedMaxLength());
    }

    private static int[] argmaxLabels(int[] argmax, int rowStart, int[] positions, int words) {
        int[] labels = new int[words];
        for (int w = 0; w < words; w++) {
            labels[w] = argmax[rowStart + positions[w]];
        }
        return labels;
    }

    /** The log of each label's probability at each word's first piece, word-major. */
    private static double[] logProbabilities(
            float[] probs, int rowStart, int[] positions, int words, int numLabels) {
        double[] out = new double[words * numLabels];
        for (int w = 0; w < words; w++) {
            int from = (rowStart + positions[w]) * numLabels;
            for (int c = 0; c < numLabels; c++) {
                out[w * numLabels + c] = Math.log(Math.max(probs[from + c], MIN_PROBABILITY));
            }
        }
        return out;
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
