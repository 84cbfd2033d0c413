package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.tools.EvaluationCommand;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * Accuracy floors on the development set (eval/standardization-dev.jsonl, 348 addresses): a change
 * that makes standardization worse fails here. The README reports the measured figures.
 */
class StandardizationAccuracyTest {

    private static final Path DEV_SET = Path.of("eval/standardization-dev.jsonl");

    @Test
    void modelPlusGazetteer() throws Exception {
        try (DjlAddressTagger tagger =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(Path.of("model/default")))
                        .build()) {
            EvaluationCommand.Report report = EvaluationCommand.evaluate(DEV_SET, tagger);
            assertThat(report.total()).isGreaterThanOrEqualTo(300);
            for (String field : EvaluationCommand.FIELDS) {
                assertThat(report.accuracy(field))
                        .as(field + "\n" + String.join("\n", report.failures()))
                        .isGreaterThanOrEqualTo(0.97);
            }
            assertThat(report.allFieldsAccuracy())
                    .as(String.join("\n", report.failures()))
                    .isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void gazetteerOnlyDegradedMode() throws Exception {
        EvaluationCommand.Report report = EvaluationCommand.evaluate(DEV_SET, null);
        assertThat(report.accuracy("province"))
                .as(String.join("\n", report.failures()))
                .isGreaterThanOrEqualTo(0.95);
        assertThat(report.allFieldsAccuracy())
                .as(String.join("\n", report.failures()))
                .isGreaterThanOrEqualTo(0.90);
    }
}
