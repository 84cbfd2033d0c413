package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.addrstd.event.AddressElement;

import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.translate.TranslatorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The translator alone, with fixed logits and no model (after DJL's
 * TokenClassificationTranslatorTest): batch encoding and padding, one label per word taken at its
 * first word piece, offsets back in Java string indices, and the contract check on the label count.
 * The tokenizer is a 19-token vocabulary written for this test
 * (src/test/resources/translator/tokenizer.json).
 */
class AddressTaggingTranslatorTest {

    private static final List<String> LABELS =
            List.of(
                    "O",
                    "B-prov",
                    "I-prov",
                    "E-prov",
                    "B-city",
                    "E-city",
                    "B-road",
                    "E-road",
                    "B-roadno",
                    "E-roadno");
    private static final long PAD = 0;

    private NDManager manager;
    private HuggingFaceTokenizer tokenizer;
    private FixedContext ctx;

    @BeforeEach
    void setUp() throws Exception {
        manager = NDManager.newBaseManager("PyTorch");
        tokenizer =
                HuggingFaceTokenizer.builder()
                        .optTokenizerPath(Path.of("src/test/resources/translator/tokenizer.json"))
                        .optAddSpecialTokens(true)
                        .optTruncation(true)
                        .optMaxLength(32)
                        .optPadding(false)
                        .build();
        ctx = new FixedContext(manager);
    }

    @AfterEach
    void tearDown() {
        tokenizer.close();
        manager.close();
    }

    private AddressTaggingTranslator translator(boolean pipelineScores) {
        return translator(LabelDecoding.ARGMAX, pipelineScores);
    }

    private AddressTaggingTranslator translator(LabelDecoding decoding, boolean pipelineScores) {
        return new AddressTaggingTranslator(
                tokenizer, new LabelSet(LABELS), 32, 8, PAD, decoding, List.of(), pipelineScores);
    }

    /** Argmax decoding over {@code labels}, then {@code rules}. */
    private AddressTaggingTranslator translator(List<String> labels, List<ElementRule> rules) {
        return new AddressTaggingTranslator(
                tokenizer, new LabelSet(labels), 32, 8, PAD, LabelDecoding.ARGMAX, rules, false);
    }

    /**
     * Logits [batch, length, labels] with a clear winner per position (label index, or -1 for O).
     */
    private NDList logits(int[][] winners, int labelCount) {
        int batch = winners.length;
        int length = winners[0].length;
        float[] values = new float[batch * length * labelCount];
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < length; p++) {
                values[(b * length + p) * labelCount + Math.max(0, winners[b][p])] = 10f;
            }
        }
        return new NDList(manager.create(values, new Shape(batch, length, labelCount)));
    }

    @Test
    void encodesABatchPaddedToTheMultiple() {
        NDList input = translator(false).processInput(ctx, List.of("浙江省杭州市文三路478号", "杭州"));
        assertThat(input.get(0).getShape()).isEqualTo(new Shape(2, 16));
        // [CLS] 浙 江 省 杭 州 市 文 三 路 47 ##8 号 [SEP], then [PAD]; the second row padded after [SEP].
        assertThat(input.get(0).toLongArray())
                .startsWith(2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 14, 3, 0, 0, 2, 8, 9, 3, 0);
        long[] mask = input.get(1).toLongArray();
        assertThat(java.util.Arrays.stream(mask, 0, 16).sum()).isEqualTo(14);
        assertThat(java.util.Arrays.stream(mask, 16, 32).sum()).isEqualTo(4);
    }

    @Test
    void decodesOneLabelPerWordAtItsFirstPiece() {
        AddressTaggingTranslator t = translator(false);
        t.processInput(ctx, List.of("浙江省杭州市文三路478号"));
        int o = -1;
        // positions: CLS 浙 江 省 杭 州 市 文 三 路 47 ##8 号 SEP PAD PAD; ##8 says B-city, which must be
        // ignored.
        ForwardPassOutput batch =
                t.processOutput(
                        ctx,
                        logits(new int[][] {{o, 1, 2, 3, 4, 0, 5, 6, 0, 7, 8, 4, 9, o, o, o}}, 10));
        assertThat(batch.results().get(0).elements())
                .extracting(
                        AddressElement::type,
                        AddressElement::text,
                        AddressElement::start,
                        AddressElement::end)
                .containsExactly(
                        tuple("prov", "浙江省", 0, 3),
                        tuple("city", "杭州市", 3, 6),
                        tuple("road", "文三路", 6, 9),
                        tuple("roadno", "478号", 9, 13));
        assertThat(batch.results().get(0).elements())
                .allSatisfy(e -> assertThat(e.score()).isGreaterThan(0.99f));
        assertThat(batch.realTokens()).isEqualTo(14);
    }

    @Test
    void offsetsAreJavaStringIndicesAroundSupplementaryCharacters() {
        AddressTaggingTranslator t = translator(false);
        String text = "𠀀路a-号"; // 𠀀 is one code point, two UTF-16 units, and an unknown word
        t.processInput(ctx, List.of(text));
        // CLS [UNK] 路 a - 号 SEP PAD PAD
        ForwardPassOutput batch =
                t.processOutput(ctx, logits(new int[][] {{-1, 6, 7, 8, 0, 9, -1, -1}}, 10));
        assertThat(batch.results().get(0).elements())
                .extracting(
                        AddressElement::type,
                        AddressElement::text,
                        AddressElement::start,
                        AddressElement::end)
                .containsExactly(tuple("road", "𠀀路", 0, 3), tuple("roadno", "a-号", 3, 6));
    }

    /**
     * 浙 B-prov, 江 E-prov (10) or I-prov (9), 省 E-prov: argmax closes the province after 江 and reads
     * 省 as a second one; Viterbi may not follow E-prov with E-prov and takes the runner-up.
     */
    @Test
    void viterbiReadsWholeChunksWhereArgmaxFragments() {
        int n = LABELS.size();
        float[] values = new float[8 * n];
        values[n + LABELS.indexOf("B-prov")] = 10f; // 浙 ([CLS] is row 0)
        values[2 * n + LABELS.indexOf("E-prov")] = 10f; // 江
        values[2 * n + LABELS.indexOf("I-prov")] = 9f;
        values[3 * n + LABELS.indexOf("E-prov")] = 10f; // 省
        NDList logits = new NDList(manager.create(values, new Shape(1, 8, n)));

        AddressTaggingTranslator argmax = translator(LabelDecoding.ARGMAX, false);
        argmax.processInput(ctx, List.of("浙江省"));
        assertThat(argmax.processOutput(ctx, logits).results().get(0).elements())
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("prov", "浙江"), tuple("prov", "省"));

        AddressTaggingTranslator viterbi = translator(LabelDecoding.VITERBI, false);
        viterbi.processInput(ctx, List.of("浙江省"));
        List<AddressElement> elements =
                viterbi.processOutput(ctx, logits).results().get(0).elements();
        assertThat(elements)
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("prov", "浙江省"));
        // The chunk's score is the mean of its words' probabilities of the labels Viterbi chose,
        // so the runner-up I-prov (about 0.27) pulls it down.
        assertThat(elements.get(0).score()).isBetween(0.6f, 0.8f);
    }

    /** 杭州 and 文三 both tagged poi: the directory's rule reads the second as a subpoi. */
    @Test
    void appliesTheDirectorysElementRulesToTheDecodedElements() {
        List<String> labels = List.of("O", "B-poi", "E-poi", "B-subpoi", "E-subpoi");
        // CLS 杭 州 文 三 SEP PAD PAD PAD
        NDList logits = logits(new int[][] {{0, 1, 2, 1, 2, 0, 0, 0}}, labels.size());

        AddressTaggingTranslator plain = translator(labels, List.of());
        plain.processInput(ctx, List.of("杭州文三"));
        assertThat(plain.processOutput(ctx, logits).results().get(0).elements())
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("poi", "杭州"), tuple("poi", "文三"));

        AddressTaggingTranslator ruled =
                translator(labels, List.of(ElementRule.LATER_POI_IS_SUBPOI));
        ruled.processInput(ctx, List.of("杭州文三"));
        assertThat(ruled.processOutput(ctx, logits).results().get(0).elements())
                .extracting(AddressElement::type, AddressElement::text, AddressElement::start)
                .containsExactly(tuple("poi", "杭州", 0), tuple("subpoi", "文三", 2));
    }

    @Test
    void refusesAModelWhoseHeadDisagreesWithTheLabels() {
        AddressTaggingTranslator t = translator(false);
        t.processInput(ctx, List.of("杭州"));
        assertThatThrownBy(
                        () ->
                                t.processOutput(
                                        ctx, logits(new int[][] {{0, 0, 0, 0, 0, 0, 0, 0}}, 9)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("9 logits per token but labels.txt has 10 labels");
    }

    @Test
    void pipelineCompatibleScoresReadTheShiftedRow() {
        // Row 0 ([CLS]) is all O-ish, so the pipeline's prob for the first word (read at row 0) is
        // low.
        AddressTaggingTranslator t = translator(true);
        t.processInput(ctx, List.of("杭州"));
        ForwardPassOutput batch =
                t.processOutput(ctx, logits(new int[][] {{-1, 4, 5, -1, -1, -1, -1, -1}}, 10));
        AddressElement city = batch.results().get(0).elements().get(0);
        assertThat(city.text()).isEqualTo("杭州");
        assertThat(city.score()).isLessThan(0.01f);
    }

    /** A translator context with a manager and attachments, nothing else. */
    private static final class FixedContext implements TranslatorContext {
        private final NDManager manager;
        private final Map<String, Object> attachments = new HashMap<>();

        FixedContext(NDManager manager) {
            this.manager = manager;
        }

        @Override
        public Model getModel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NDManager getNDManager() {
            return manager;
        }

        @Override
        public NDManager getPredictorManager() {
            return manager;
        }

        @Override
        public Block getBlock() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Metrics getMetrics() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getAttachment(String key) {
            return attachments.get(key);
        }

        @Override
        public void setAttachment(String key, Object value) {
            attachments.put(key, value);
        }

        @Override
        public void close() {}
    }
}
