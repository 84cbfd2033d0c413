package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.standardize.GazetteerPlaceNames;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipped model's element F1 on real addresses nobody here wrote: the NAACL 2019 corpus's dev
 * split (../shared/data/naacl2019-chinese-address/dev.txt, or -Dnaacl.dir), through the job's own
 * tagging path. The floors sit under the measured figures (README.md, "Tagging quality"), so a
 * worse model, tokenizer or decoder fails the build. The split's last 985 addresses were never used
 * to select the model.
 */
class TaggingQualityTest {

    /**
     * Measured 0.8991 (MGeo's types) with default-tagger-2.4 (int8 file, Viterbi decoding, the
     * later-poi-is-subpoi rule, the CPU's pad multiple 1), 0.8993 with its fp32 file; 2.3 measured
     * 0.8977, 2.2 0.8916, 0.8923 with batches padded to 8: int8's activation scales move with a
     * batch's composition (README, "Tagging quality"). 2.0 measured 0.8797.
     */
    static final double MICRO_FLOOR = 0.89;

    /**
     * Per-type floors for the types with at least 200 gold elements: 0.023-0.040 under 2.4's
     * measured F1 (README.md, "Tagging quality", has the table), wider than int8's own rounding
     * (its figures differ from fp32's by up to 0.009, and with the batch's composition), narrow
     * enough that 2.0 fails five of them and the micro floor. The target is 0.70 for every
     * such type; subpoi (2.4: 0.667; 2.3: 0.660; 2.2: 0.649-0.655 with the batch composition) does
     * not reach it, and its floor says where it is. Without the model directory's element rule 2.4
     * measures subpoi 0.655, still above it: {@link #noAddressNamesTwoPois} catches that.
     */
    static final Map<String, Double> TYPE_FLOORS =
            Map.ofEntries(
                    Map.entry("assist", 0.72),
                    Map.entry("cellno", 0.87),
                    Map.entry("city", 0.94),
                    Map.entry("community", 0.76),
                    Map.entry("district", 0.93),
                    Map.entry("floorno", 0.92),
                    Map.entry("houseno", 0.87),
                    Map.entry("poi", 0.75),
                    Map.entry("prov", 0.94),
                    Map.entry("road", 0.91),
                    Map.entry("roadno", 0.91),
                    Map.entry("roomno", 0.88),
                    Map.entry("subpoi", 0.64),
                    Map.entry("town", 0.91));

    private static final Path DEV =
            System.getProperty("naacl.dir") == null
                    ? ConllCorpus.NAACL_DEV_SPLIT
                    : Path.of(System.getProperty("naacl.dir"), "dev.txt");

    @Test
    void realDevSplitF1StaysAboveItsFloor() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(DEV),
                "the real corpus is not at "
                        + DEV.toAbsolutePath()
                        + " (set -Dnaacl.dir): the tagging-quality floor is skipped");
        List<ConllCorpus.Address> dev = ConllCorpus.read(DEV);
        assertThat(dev).hasSize(2985);
        TagEvaluation.Report report;
        try (DjlAddressTagger tagger =
                shippedModel().build()) { // the job's default: the int8 file on CPU
            assertThat(tagger.modelFileName()).isEqualTo("mgeo-tagger-int8.pt");
            report = TagEvaluation.evaluate(tagger, dev, 64);
        }
        report.print(System.out, 0);
        assertThat(report.mgeoTypes().f1())
                .as("micro F1 over MGeo's types")
                .isGreaterThanOrEqualTo(MICRO_FLOOR);
        assertThat(report.micro().f1())
                .as("micro F1 over all types")
                .isGreaterThanOrEqualTo(MICRO_FLOOR);
        report.perType()
                .forEach(
                        (type, counts) -> {
                            if (counts.gold() >= 200) {
                                assertThat(TYPE_FLOORS)
                                        .as("a floor for %s (%d gold)", type, counts.gold())
                                        .containsKey(type);
                                assertThat(counts.f1())
                                        .as("F1 of %s (%d gold)", type, counts.gold())
                                        .isGreaterThanOrEqualTo(TYPE_FLOORS.get(type));
                            }
                        });
    }

    /**
     * The model directory's element rule (later-poi-is-subpoi: an address names one POI, a later
     * one is a place inside it) reaches the job's output. 2.4's own decoding names two POIs in 65
     * of the split's 2,985 addresses (11 of the first 640, fp32 in Python); dropping the rule from
     * metadata.json costs subpoi 0.012 and poi 0.004, too little for the floors above to notice.
     */
    @Test
    void noAddressNamesTwoPois() throws Exception {
        Assumptions.assumeTrue(Files.exists(DEV), "the real corpus is not at " + DEV);
        List<String> texts = firstDevTexts(640);
        List<String> withTwoPois = new ArrayList<>();
        try (DjlAddressTagger tagger = shippedModel().build()) {
            for (int from = 0; from < texts.size(); from += 64) {
                List<String> batch = texts.subList(from, from + 64);
                List<TaggingOutcome> outcomes = tagger.tag(batch);
                for (int i = 0; i < batch.size(); i++) {
                    long pois =
                            outcomes.get(i).result().elements().stream()
                                    .filter(e -> e.type().equals("poi"))
                                    .count();
                    if (pois > 1) {
                        withTwoPois.add(batch.get(i));
                    }
                }
            }
        }
        assertThat(withTwoPois).isEmpty();
    }

    /**
     * Addresses as people paste them, inside a shop's delivery form or a chat message with a
     * recipient and a phone number ({@link FormWrapping}: the corpus's addresses, this project's
     * templates), tag as well as the addresses alone: the tagger keeps the contact text and the
     * form's labels from the model. Measured on these 640 (int8): 0.9022 alone, 0.9023 in forms;
     * 0.698 on the whole split in forms before the cut, against 0.899 alone.
     */
    @Test
    void addressesPastedInFormsTagAsWellAsAlone() throws Exception {
        Assumptions.assumeTrue(Files.exists(DEV), "the real corpus is not at " + DEV);
        List<ConllCorpus.Address> alone = ConllCorpus.read(DEV).subList(0, 640);
        assertTagsAsWellAs(alone, FormWrapping.wrap(alone, 1), "in forms");
    }

    /**
     * The same addresses in traditional characters ({@link TraditionalWriting}), which the model's
     * vocabulary does not hold, tag as well as in simplified ones: the tagger folds each character
     * to the form the vocabulary was built from. Measured on the whole split: 0.8992 in traditional
     * characters, the same as in simplified ones; 0.7602 before the fold.
     */
    @Test
    void addressesInTraditionalCharactersTagAsWellAsInSimplified() throws Exception {
        Assumptions.assumeTrue(Files.exists(DEV), "the real corpus is not at " + DEV);
        List<ConllCorpus.Address> simplified = ConllCorpus.read(DEV).subList(0, 640);
        assertTagsAsWellAs(
                simplified, TraditionalWriting.of(simplified), "in traditional characters");
    }

    /**
     * Micro F1 over MGeo's types of the same addresses {@code written} another way is within 0.01
     * of theirs as the corpus writes them, through the job's tagger (with the gazetteer's place
     * names).
     */
    private static void assertTagsAsWellAs(
            List<ConllCorpus.Address> asInCorpus, List<ConllCorpus.Address> written, String how) {
        assertThat(written.get(0).text()).as(how).isNotEqualTo(asInCorpus.get(0).text());
        try (DjlAddressTagger tagger =
                shippedModel().optPlaceNames(GazetteerPlaceNames.INSTANCE).build()) {
            double asInCorpusF1 = TagEvaluation.evaluate(tagger, asInCorpus, 64).mgeoTypes().f1();
            double writtenF1 = TagEvaluation.evaluate(tagger, written, 64).mgeoTypes().f1();
            assertThat(writtenF1)
                    .as(
                            "micro F1 over MGeo's types %s, against %.4f as in the corpus",
                            how, asInCorpusF1)
                    .isGreaterThanOrEqualTo(asInCorpusF1 - 0.01);
        }
    }

    /**
     * Dynamic int8 quantization scales activations per forward pass, so an address's elements can
     * depend on the addresses batched with it: measured 49 of the 2,985 dev addresses (1.6 %)
     * differ between batch 64 and batch 1. fp32 output does not depend on the batch (0 of 2,985),
     * which is why FP32 is the documented choice for batch-independent output (README).
     */
    @Test
    void int8OutputDependsALittleOnItsBatchAndFp32NotAtAll() throws Exception {
        Assumptions.assumeTrue(Files.exists(DEV), "the real corpus is not at " + DEV);
        List<String> texts = firstDevTexts(640);
        assertThat(differingFromBatchOne(texts, DjlAddressTagger.Precision.FP32)).isZero();
        assertThat(differingFromBatchOne(texts, DjlAddressTagger.Precision.INT8))
                .isLessThanOrEqualTo(texts.size() * 4 / 100);
    }

    private static DjlAddressTagger.Builder shippedModel() {
        return DjlAddressTagger.builder()
                .setModelDirectory(ModelDirectory.open(Path.of("model/default")));
    }

    private static List<String> firstDevTexts(int count) throws Exception {
        return ConllCorpus.read(DEV).subList(0, count).stream()
                .map(ConllCorpus.Address::text)
                .toList();
    }

    private static int differingFromBatchOne(
            List<String> texts, DjlAddressTagger.Precision precision) {
        int differing = 0;
        try (DjlAddressTagger tagger = shippedModel().optPrecision(precision).build()) {
            for (int from = 0; from < texts.size(); from += 64) {
                List<String> batch = texts.subList(from, from + 64);
                List<TaggingOutcome> together = tagger.tag(batch);
                for (int i = 0; i < batch.size(); i++) {
                    if (!spans(together.get(i))
                            .equals(spans(tagger.tag(List.of(batch.get(i))).get(0)))) {
                        differing++;
                    }
                }
            }
        }
        return differing;
    }

    private static List<String> spans(TaggingOutcome outcome) {
        return outcome.result().elements().stream()
                .map(e -> e.type() + ":" + e.start() + "-" + e.end())
                .toList();
    }
}
