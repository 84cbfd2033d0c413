package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Parity of a converted MGeo model (model/tools/convert_mgeo.py) with the official ModelScope
 * pipeline output recorded at conversion time. Runs only with {@code -Dmgeo.dir=<converted dir>}:
 * the real weights are not available where this project is built.
 */
class ConvertedModelParityTest {

    @Test
    void javaElementsEqualThePipelineOutput() throws Exception {
        String dir = System.getProperty("mgeo.dir");
        Assumptions.assumeTrue(
                dir != null,
                "set -Dmgeo.dir=<converted MGeo directory> to run the MGeo parity test");
        Path parity = Path.of(dir, "parity.jsonl");
        ObjectMapper json = new ObjectMapper();
        try (DjlAddressTagger tagger =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(Path.of(dir)))
                        .optPipelineCompatibleScores(true)
                        .build()) {
            for (String line : Files.readAllLines(parity, StandardCharsets.UTF_8)) {
                JsonNode row = json.readTree(line);
                String text = row.get("text").asText();
                if (!row.get("pipeline").isArray()) {
                    continue; // the pipeline itself crashed on this input (e.g. [UNK] on its slow
                    // path)
                }
                TaggedElements result = tagger.tag(List.of(text)).get(0).result();
                int[] utf16 = BiesDecoder.codePointToUtf16(text);
                assertThat(result.elements()).as(text).hasSize(row.get("pipeline").size());
                for (int i = 0; i < result.elements().size(); i++) {
                    JsonNode expected = row.get("pipeline").get(i);
                    AddressElement actual = result.elements().get(i);
                    assertThat(actual.type()).isEqualTo(expected.get("type").asText());
                    assertThat(actual.start()).isEqualTo(utf16[expected.get("start").asInt()]);
                    assertThat(actual.end()).isEqualTo(utf16[expected.get("end").asInt()]);
                    assertThat(actual.text()).isEqualTo(expected.get("span").asText());
                    if (expected.has("prob")) {
                        assertThat((double) actual.score())
                                .isCloseTo(
                                        expected.get("prob").asDouble(),
                                        org.assertj.core.data.Offset.offset(1e-4));
                    }
                }
            }
        }
    }
}
