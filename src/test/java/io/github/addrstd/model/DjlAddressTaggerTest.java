package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.event.TaggingOutcome;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The shipped default model through DJL, checked against what Python computed at training time. The
 * parity checks load the fp32 file Python traced; the int8 copy the job loads on CPUs by default is
 * checked against it.
 */
class DjlAddressTaggerTest {

    static final Path MODEL = Path.of("model/default");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DjlAddressTagger tagger;

    @BeforeAll
    static void load() {
        tagger =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(MODEL))
                        .optPrecision(DjlAddressTagger.Precision.FP32)
                        .build();
    }

    @AfterAll
    static void close() {
        tagger.close();
    }

    private static List<JsonNode> parity() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line :
                Files.readAllLines(
                        Path.of("src/test/resources/model-parity/parity.jsonl"),
                        StandardCharsets.UTF_8)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void tokenizerMatchesTheTrainingTokenization() throws Exception {
        try (HuggingFaceTokenizer tokenizer =
                HuggingFaceTokenizer.builder()
                        .optTokenizerPath(MODEL.resolve("tokenizer.json"))
                        .optAddSpecialTokens(true)
                        .build()) {
            for (JsonNode row : parity()) {
                Encoding e = tokenizer.encode(row.get("text").asText());
                List<Long> expected = new ArrayList<>();
                row.get("input_ids").forEach(n -> expected.add(n.asLong()));
                assertThat(e.getIds())
                        .as(row.get("text").asText())
                        .containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
                for (int i = 1; i < e.getIds().length - 1; i++) {
                    JsonNode offsets = row.get("offsets").get(i);
                    assertThat(e.getCharTokenSpans()[i].getStart())
                            .isEqualTo(offsets.get(0).asInt());
                    assertThat(e.getCharTokenSpans()[i].getEnd()).isEqualTo(offsets.get(1).asInt());
                    assertThat(e.getWordIds()[i]).isEqualTo(row.get("word_ids").get(i).asLong());
                }
            }
        }
    }

    @Test
    void elementsMatchPythonDecoding() throws Exception {
        assertThat(ModelDirectory.open(MODEL).metadata().labelDecoding())
                .isEqualTo(LabelDecoding.VITERBI);
        for (JsonNode row : parity()) {
            String text = row.get("text").asText();
            if (text.isBlank()) {
                continue;
            }
            TaggedElements actual = tagger.tag(List.of(text)).get(0).result();
            // The chunks Python decoded from its own logits with model/tools/bies_viterbi.py (type,
            // start, end in code points), element by element.
            assertThat(actual.elements())
                    .as("decoded chunks of %s", text)
                    .extracting(
                            AddressElement::type,
                            e -> text.codePointCount(0, e.start()),
                            e -> text.codePointCount(0, e.end()))
                    .containsExactlyElementsOf(pythonChunks(row));
        }
    }

    @Test
    void concurrentCallersGetWhatOneCallerGets() throws Exception {
        // batch.concurrency 2: two batcher workers call tag at once, each on its own predictor.
        List<String> texts = new ArrayList<>();
        for (JsonNode row : parity()) {
            if (!row.get("text").asText().isBlank()) {
                texts.add(row.get("text").asText());
            }
        }
        List<TaggedElements> alone = new ArrayList<>();
        tagger.tag(texts).forEach(o -> alone.add(o.result()));
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<List<TaggedElements>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(
                        pool.submit(
                                () -> tagger.tag(texts).stream().map(o -> o.result()).toList()));
            }
            for (java.util.concurrent.Future<List<TaggedElements>> call : calls) {
                assertThat(call.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theInt8CopyKeepsNearlyEveryChunkOfFp32() throws Exception {
        ModelDirectory directory = ModelDirectory.open(MODEL);
        assertThat(
                        DjlAddressTagger.modelFileFor(
                                        directory,
                                        ai.djl.Device.cpu(),
                                        DjlAddressTagger.Precision.AUTO)
                                .getFileName())
                .hasToString("mgeo-tagger-int8.pt");
        List<String> texts =
                parity().stream()
                        .map(row -> row.get("text").asText())
                        .filter(t -> !t.isBlank())
                        .toList();
        int same = 0;
        int total = 0;
        try (DjlAddressTagger int8 =
                DjlAddressTagger.builder()
                        .setModelDirectory(directory)
                        .optPrecision(DjlAddressTagger.Precision.INT8)
                        .build()) {
            assertThat(int8.modelFileName()).isEqualTo("mgeo-tagger-int8.pt");
            List<TaggingOutcome> quantized = int8.tag(texts);
            List<TaggingOutcome> full = tagger.tag(texts);
            for (int i = 0; i < texts.size(); i++) {
                List<String> expected = chunkKeys(full.get(i).result());
                List<String> actual = chunkKeys(quantized.get(i).result());
                total += expected.size();
                same += (int) expected.stream().filter(actual::contains).count();
            }
        }
        // Measured: the real dev split's F1 moves by less than 0.001 (model/README.md).
        assertThat((double) same / total).isGreaterThanOrEqualTo(0.97);
    }

    private static List<String> chunkKeys(TaggedElements elements) {
        return elements.elements().stream()
                .map(e -> e.type() + ":" + e.start() + "-" + e.end())
                .toList();
    }

    private static List<org.assertj.core.groups.Tuple> pythonChunks(JsonNode row) {
        assertThat(row.has("chunks")).as("parity.jsonl carries Python's decoded chunks").isTrue();
        List<org.assertj.core.groups.Tuple> chunks = new ArrayList<>();
        row.get("chunks")
                .forEach(
                        c ->
                                chunks.add(
                                        org.assertj.core.groups.Tuple.tuple(
                                                c.get(0).asText(),
                                                c.get(1).asInt(),
                                                c.get(2).asInt())));
        return chunks;
    }

    @Test
    void tagsATypicalAddress() {
        TaggedElements r = tagger.tag(List.of("浙江省杭州市余杭区五常街道文一西路969号")).get(0).result();
        assertThat(r.elements())
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("prov", "浙江省"),
                        org.assertj.core.groups.Tuple.tuple("city", "杭州市"),
                        org.assertj.core.groups.Tuple.tuple("district", "余杭区"),
                        org.assertj.core.groups.Tuple.tuple("town", "五常街道"),
                        org.assertj.core.groups.Tuple.tuple("road", "文一西路"),
                        org.assertj.core.groups.Tuple.tuple("roadno", "969号"));
        assertThat(r.elements()).allSatisfy(e -> assertThat(e.score()).isBetween(0f, 1f));
    }

    @Test
    void offsetsAreJavaStringIndicesForAnyText() {
        List<String> texts =
                List.of(
                        "上海市徐汇区漕溪北路１２８号Ａ座3单元", // full-width digits and letters
                        "北京 朝阳区  建国路88号 SOHO现代城", // spaces and Latin letters
                        "广东省深圳市南山区𠀀𠀁大厦B1栋", // characters outside the BMP
                        "重庆渝中区解放碑步行街#5-12", // punctuation
                        "浙江省杭州市☃☃路1号", // unknown characters
                        "é café 路1号");
        for (TaggingOutcome outcome : tagger.tag(texts)) {
            assertThat(outcome.succeeded()).isTrue();
        }
        List<TaggingOutcome> outcomes = tagger.tag(texts);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            for (AddressElement e : outcomes.get(i).result().elements()) {
                assertThat(text.substring(e.start(), e.end())).as(text).isEqualTo(e.text());
            }
        }
        String withSurrogates = texts.get(2);
        AddressElement poi =
                outcomes.get(2).result().elements().stream()
                        .filter(e -> e.text().contains("大厦"))
                        .findFirst()
                        .orElseThrow();
        assertThat(poi.end()).isLessThanOrEqualTo(withSurrogates.length());
    }

    @Test
    void onACpuTheTokenEstimateIsTheAddressOwnTokens() {
        // The CPU's default pad multiple is 1: 10 characters + [CLS] + [SEP] = 12 tokens.
        assertThat(tagger.padMultiple()).isEqualTo(DjlAddressTagger.DEFAULT_CPU_PAD_MULTIPLE);
        assertThat(tagger.estimateTokens("浙江省杭州市西湖区路")).isEqualTo(12);
        assertThat(tagger.estimateTokens("浙江省杭州市")).isEqualTo(8);
        assertThat(tagger.estimateTokens("路".repeat(1000))).isEqualTo(tagger.maxSequenceLength());
    }

    @Test
    void theTokenEstimateCountsThePaddingTheBatchWillHave() {
        List<Integer> paddedLengths = new ArrayList<>();
        try (DjlAddressTagger padded =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(MODEL))
                        .optPrecision(DjlAddressTagger.Precision.FP32)
                        .optPadMultiple(8)
                        .optListener(
                                new TaggerListener() {
                                    @Override
                                    public void onForwardPass(
                                            int records, int paddedLength, long realTokens) {
                                        paddedLengths.add(paddedLength);
                                    }
                                })
                        .build()) {
            // 12 tokens padded to 16: the budget sees 16, and so does the forward pass.
            assertThat(padded.estimateTokens("浙江省杭州市西湖区路")).isEqualTo(16);
            assertThat(padded.estimateTokens("浙江省杭州市")).isEqualTo(8);
            assertThat(padded.estimateTokens("路".repeat(1000)))
                    .isEqualTo(padded.maxSequenceLength());
            paddedLengths.clear(); // the probe pass at load
            padded.tag(List.of("浙江省杭州市西湖区路"));
            assertThat(paddedLengths).containsExactly(16);
        }
    }

    @Test
    void overLengthInputIsTruncatedNotFailed() {
        String longAddress = "浙江省杭州市余杭区" + "文一西路969号".repeat(40);
        TaggedElements r = tagger.tag(List.of(longAddress)).get(0).result();
        assertThat(r.truncated()).isTrue();
        assertThat(r.elements())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.end()).isLessThanOrEqualTo(longAddress.length()));
    }

    @Test
    void batchResultsEqualSingleResults() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            texts.add(
                    i % 2 == 0
                            ? "浙江省杭州市西湖区文三路" + i + "号"
                            : "上海市浦东新区张江镇博云路" + i + "号华虹大厦" + i + "楼");
        }
        List<TaggingOutcome> batched = tagger.tag(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batched.get(i).result().elements())
                    .extracting(AddressElement::type, AddressElement::text)
                    .isEqualTo(
                            tagger.tag(List.of(texts.get(i))).get(0).result().elements().stream()
                                    .map(
                                            e ->
                                                    org.assertj.core.groups.Tuple.tuple(
                                                            e.type(), e.text()))
                                    .toList());
        }
    }

    @Test
    void aBatchOfMixedLengthsRunsAsOnePassPerLengthGroupUnlessTold() {
        List<String> texts = new ArrayList<>(Collections.nCopies(31, "杭州市文三路1号"));
        texts.add(7, "浙江省杭州市西湖区文三路478号华星时代广场A座1201室浙江省杭州市西湖区文三路478号华星时代广场");
        for (int overhead : new int[] {64, 0}) {
            List<Integer> passes = new ArrayList<>();
            try (DjlAddressTagger split =
                    DjlAddressTagger.builder()
                            .setModelDirectory(ModelDirectory.open(MODEL))
                            .optPrecision(DjlAddressTagger.Precision.FP32)
                            .optPassOverheadTokens(overhead)
                            .optListener(
                                    new TaggerListener() {
                                        @Override
                                        public void onForwardPass(
                                                int records, int paddedLength, long realTokens) {
                                            passes.add(records);
                                        }
                                    })
                            .build()) {
                passes.clear(); // the probe pass at load
                List<TaggingOutcome> outcomes = split.tag(texts);
                assertThat(passes).as("overhead %d", overhead).hasSize(overhead == 0 ? 1 : 2);
                assertThat(outcomes.get(7).result().elements())
                        .as("the long address's result stays at its index")
                        .extracting(AddressElement::text)
                        .contains("华星时代广场");
            }
        }
    }

    @Test
    void cpuThreadsSetLibtorchsIntraOpThreadsAndZeroKeepsThem() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getProperty(DjlAddressTagger.DJL_NUM_THREADS) == null,
                "-Dai.djl.pytorch.num_threads decides instead");
        DjlAddressTagger.Builder builder =
                DjlAddressTagger.builder().setModelDirectory(ModelDirectory.open(MODEL));
        try {
            try (DjlAddressTagger two = builder.optCpuThreads(2).build()) {
                assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(2);
            }
            try (DjlAddressTagger keeps = builder.optCpuThreads(0).build()) {
                assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(2);
            }
            try (DjlAddressTagger one = builder.optCpuThreads(1).build()) {
                assertThat(ai.djl.pytorch.jni.JniUtils.getNumThreads()).isEqualTo(1);
            }
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(DjlAddressTagger.DEFAULT_CPU_THREADS);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.optPadMultiple(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.optCpuThreads(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noNativeArraysOutliveABatch() {
        int before = tagger.liveNdArrays();
        List<String> batch = Collections.nCopies(32, "江苏省南京市鼓楼区汉中路2号亚太商务楼");
        for (int i = 0; i < 300; i++) {
            tagger.tag(batch);
        }
        assertThat(tagger.liveNdArrays()).isEqualTo(before);
    }
}
