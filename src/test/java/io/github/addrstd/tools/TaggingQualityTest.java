package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped model's element F1 on real addresses nobody here wrote: the NAACL 2019 corpus's dev
 * split (../shared/data/naacl2019-chinese-address/dev.txt, or -Dnaacl.dir), through the job's own
 * tagging path. The floors sit just under the measured figures (model/README.md), so a worse model,
 * tokenizer or decoder fails the build. The split's last 985 addresses were never used to select
 * the model.
 */
class TaggingQualityTest {

    /** Measured 0.8797 (MGeo's types) and 0.8803 (all) with default-tagger-2.0: model/README.md. */
    static final double MICRO_FLOOR = 0.86;

    /**
     * Per-type floors for the types with at least 200 gold elements: the measured F1 less about
     * 0.03 (model/README.md has the table). The target is 0.70 for every such type; assist
     * and subpoi do not reach it yet, and their floors say where they are.
     */
    static final java.util.Map<String, Double> TYPE_FLOORS =
            java.util.Map.ofEntries(
                    java.util.Map.entry("assist", 0.65),
                    java.util.Map.entry("cellno", 0.86),
                    java.util.Map.entry("city", 0.92),
                    java.util.Map.entry("community", 0.73),
                    java.util.Map.entry("district", 0.91),
                    java.util.Map.entry("floorno", 0.92),
                    java.util.Map.entry("houseno", 0.84),
                    java.util.Map.entry("poi", 0.72),
                    java.util.Map.entry("prov", 0.93),
                    java.util.Map.entry("road", 0.90),
                    java.util.Map.entry("roadno", 0.90),
                    java.util.Map.entry("roomno", 0.86),
                    java.util.Map.entry("subpoi", 0.58),
                    java.util.Map.entry("town", 0.87));

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
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(Path.of("model/default")))
                        .build()) {
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
}
