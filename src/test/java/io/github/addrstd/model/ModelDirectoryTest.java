package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** A broken model directory fails at load with a message naming the file and the fix. */
class ModelDirectoryTest {

    private static final Path DEFAULT = Path.of("model/default");

    private static Path copyOfDefault(Path dir) throws IOException {
        for (String f :
                List.of(
                        "metadata.json",
                        "tokenizer.json",
                        "labels.txt",
                        "mgeo-tagger.pt",
                        "mgeo-tagger-fp16.pt",
                        "mgeo-tagger-int8.pt")) {
            Files.copy(DEFAULT.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    @Test
    void acceptsTheShippedModel() {
        ModelDirectory dir = ModelDirectory.open(DEFAULT);
        // MGeo's 57 labels in their order, then B/I/E of roomno, the default model's type beyond
        // MGeo's.
        assertThat(dir.labels().size()).isEqualTo(60);
        assertThat(dir.labels().label(0)).isEqualTo("B-assist");
        assertThat(dir.labels().label(56)).isEqualTo("S-poi");
        assertThat(dir.labels().label(57)).isEqualTo("B-roomno");
        assertThat(dir.metadata().maxSequenceLength()).isEqualTo(128);
        assertThat(dir.metadata().elementRules()).containsExactly(ElementRule.LATER_POI_IS_SUBPOI);
    }

    @Test
    void refusesAnElementRuleThisVersionDoesNotKnow(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        Path metadata = dir.resolve("metadata.json");
        String json = Files.readString(metadata, StandardCharsets.UTF_8);
        Files.writeString(
                metadata,
                json.replace("\"later-poi-is-subpoi\"", "\"no-such-rule\""),
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("metadata.json")
                .hasMessageContaining("no-such-rule")
                .hasMessageContaining("later-poi-is-subpoi");

        Files.writeString(
                metadata, json.replace("\"later-poi-is-subpoi\"", "null"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("metadata.json")
                .hasMessageContaining("element_rules has an empty entry");
    }

    @Test
    void missingDirectory() {
        assertThatThrownBy(() -> ModelDirectory.open(Path.of("no/such/model")))
                .isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingFiles(@TempDir Path tmp) throws IOException {
        for (String file :
                List.of("metadata.json", "mgeo-tagger.pt", "labels.txt", "tokenizer.json")) {
            Path dir = Files.createDirectories(tmp.resolve(file + "-missing"));
            copyOfDefault(dir);
            Files.delete(dir.resolve(file));
            assertThatThrownBy(() -> ModelDirectory.open(dir))
                    .as(file)
                    .isInstanceOf(ModelDirectory.InvalidModelException.class)
                    .hasMessageContaining(file);
        }
    }

    @Test
    void labelsMustNameRegisteredElementTypes(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        List<String> labels =
                new java.util.ArrayList<>(Files.readAllLines(dir.resolve("labels.txt")));
        labels.set(57, "B-apartment");
        Files.write(dir.resolve("labels.txt"), labels);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .hasMessageContaining("'apartment'")
                .hasMessageContaining("element-type registry");
    }

    @Test
    void labelCountMustMatchMetadata(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        List<String> labels = Files.readAllLines(dir.resolve("labels.txt"));
        int n = labels.size();
        Files.write(dir.resolve("labels.txt"), labels.subList(0, n - 1));
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .hasMessageContaining((n - 1) + " labels")
                .hasMessageContaining("num_labels=" + n);
    }

    @Test
    void labelCountMustMatchTheModelOutput(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        List<String> labels = Files.readAllLines(dir.resolve("labels.txt"));
        int n = labels.size();
        Files.write(dir.resolve("labels.txt"), labels.subList(0, n - 1));
        String metadata =
                Files.readString(dir.resolve("metadata.json"))
                        .replaceAll("\"num_labels\": \\d+", "\"num_labels\": " + (n - 1));
        Files.writeString(dir.resolve("metadata.json"), metadata);
        ModelDirectory opened = ModelDirectory.open(dir);
        assertThatThrownBy(() -> DjlAddressTagger.builder().setModelDirectory(opened).build())
                .isInstanceOf(ModelDirectory.InvalidModelException.class)
                .hasMessageContaining(n + " logits per token but labels.txt has " + (n - 1));
    }

    @Test
    void tokenizerMustFitTheModelVocabulary(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        String metadata =
                Files.readString(dir.resolve("metadata.json"))
                        .replaceAll("\"vocab_size\": \\d+", "\"vocab_size\": 1000");
        Files.writeString(dir.resolve("metadata.json"), metadata, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .hasMessageContaining("do not belong together");
    }

    @Test
    void listedFp16FileMustExist(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        Files.delete(dir.resolve("mgeo-tagger-fp16.pt"));
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("model_file_fp16");
        Files.copy(DEFAULT.resolve("mgeo-tagger-fp16.pt"), dir.resolve("mgeo-tagger-fp16.pt"));
        assertThat(ModelDirectory.open(dir).modelFileFp16())
                .contains(dir.resolve("mgeo-tagger-fp16.pt"));
    }

    @Test
    void listedInt8FileMustExist(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        Files.delete(dir.resolve("mgeo-tagger-int8.pt"));
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("model_file_int8");
    }

    @Test
    void fp16OnCpuFallsBackToFp32() {
        try (DjlAddressTagger tagger =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(DEFAULT))
                        .optPrecision(DjlAddressTagger.Precision.FP16)
                        .build()) {
            assertThat(tagger.modelFileName()).isEqualTo("mgeo-tagger.pt");
            assertThat(tagger.tag(java.util.List.of("浙江省杭州市西湖区")).get(0).succeeded()).isTrue();
        }
    }

    @Test
    void aDirectoryWithoutAnInt8CopyRunsFp32OnCpuAndRefusesAnExplicitInt8(@TempDir Path dir)
            throws IOException {
        copyOfDefault(dir);
        Files.delete(dir.resolve("mgeo-tagger-int8.pt"));
        String metadata = Files.readString(dir.resolve("metadata.json"), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("metadata.json"),
                metadata.replace("\"model_file_int8\": \"mgeo-tagger-int8.pt\"", "\"unused\": 0"),
                StandardCharsets.UTF_8);
        ModelDirectory directory = ModelDirectory.open(dir);
        assertThat(
                        DjlAddressTagger.modelFileFor(
                                directory, ai.djl.Device.cpu(), DjlAddressTagger.Precision.AUTO))
                .isEqualTo(dir.resolve("mgeo-tagger.pt"));
        assertThatThrownBy(
                        () ->
                                DjlAddressTagger.modelFileFor(
                                        directory,
                                        ai.djl.Device.cpu(),
                                        DjlAddressTagger.Precision.INT8))
                .hasMessageContaining("to_int8.py");
        assertThat(
                        DjlAddressTagger.modelFileFor(
                                        ModelDirectory.open(DEFAULT),
                                        ai.djl.Device.gpu(),
                                        DjlAddressTagger.Precision.AUTO)
                                .getFileName())
                .hasToString("mgeo-tagger.pt");
    }

    @Test
    void labelsMustBeBies(@TempDir Path dir) throws IOException {
        copyOfDefault(dir);
        List<String> labels =
                new java.util.ArrayList<>(Files.readAllLines(dir.resolve("labels.txt")));
        labels.set(3, "CITY");
        Files.write(dir.resolve("labels.txt"), labels);
        assertThatThrownBy(() -> ModelDirectory.open(dir)).hasMessageContaining("'CITY'");
    }
}
