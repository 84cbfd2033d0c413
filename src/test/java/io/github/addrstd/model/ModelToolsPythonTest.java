package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python model tools, from the Java suite: their unit tests, and a cross-language check that a
 * tokenizer.json converted from a made-up vocab.txt tokenizes in DJL exactly as the Python code
 * that builds training inputs does; and that the gazetteer's derived renames are up to date.
 */
class ModelToolsPythonTest {

    private static String python;

    @BeforeAll
    static void findPython() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p =
                        new ProcessBuilder(candidate, "--version")
                                .redirectErrorStream(true)
                                .start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    return;
                }
            } catch (IOException | InterruptedException e) {
                // try the next one
            }
        }
    }

    private static String run(String... command) throws Exception {
        Assumptions.assumeTrue(
                python != null, "no python3 on this machine: the Python tool tests are skipped");
        List<String> cmd = new ArrayList<>();
        cmd.add(python);
        cmd.addAll(List.of(command));
        Process p =
                new ProcessBuilder(cmd)
                        .directory(Path.of("model/tools").toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void pythonUnitTestsPass() throws Exception {
        assertThat(run("-m", "unittest", "discover", "-s", ".", "-p", "test_*.py")).contains("OK");
    }

    @Test
    void renamedUnitsAreWhatTheDivisionChangesDerive() throws Exception {
        // The gazetteer's derived renames stay in step with tools/gazetteer/division-changes.txt.
        assertThat(run("../../tools/gazetteer/derive_renamed_units.py", "--check"))
                .contains("rows derived");
    }

    @Test
    void convertedVocabTokenizesLikeThePythonTrainingCode(@TempDir Path dir) throws Exception {
        List<String> vocab =
                List.of(
                        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "浙", "江", "省", "杭", "州", "市",
                        "文", "三", "路", "号", "1", "##2", "##3", "4", "a", "##b", "座", "#", "-", "(",
                        ")", "é", "e");
        Files.write(dir.resolve("vocab.txt"), vocab, StandardCharsets.UTF_8);
        run(
                "vocab_to_tokenizer_json.py",
                dir.resolve("vocab.txt").toString(),
                dir.resolve("tokenizer.json").toString());
        List<String> texts =
                List.of("浙江省杭州市文三路123号", "杭州 AB座 #4-1", "浙江(文三路)", "Cafe 路", "𠀀杭州", "ＡＢ座");
        String expected =
                run(
                        "-c",
                        String.join(
                                "\n",
                                "import json, sys",
                                "from bert_tokenization import BertTokenizer, read_vocab",
                                "t = BertTokenizer(read_vocab(sys.argv[1]))",
                                "print(json.dumps([t.tokenize(s) for s in"
                                        + " json.loads(sys.argv[2])]))"),
                        dir.resolve("vocab.txt").toString(),
                        new ObjectMapper().writeValueAsString(texts));
        JsonNode rows = new ObjectMapper().readTree(expected.strip());
        try (HuggingFaceTokenizer tokenizer =
                HuggingFaceTokenizer.builder()
                        .optTokenizerPath(dir.resolve("tokenizer.json"))
                        .optAddSpecialTokens(false)
                        .build()) {
            for (int i = 0; i < texts.size(); i++) {
                Encoding e = tokenizer.encode(texts.get(i));
                JsonNode row = rows.get(i);
                assertThat(e.getIds().length).as(texts.get(i)).isEqualTo(row.size());
                for (int j = 0; j < row.size(); j++) {
                    assertThat(e.getIds()[j])
                            .as(texts.get(i) + " token " + j)
                            .isEqualTo(row.get(j).get(0).asLong());
                    assertThat(e.getWordIds()[j]).isEqualTo(row.get(j).get(1).asLong());
                    assertThat(e.getCharTokenSpans()[j].getStart())
                            .isEqualTo(row.get(j).get(2).asInt());
                    assertThat(e.getCharTokenSpans()[j].getEnd())
                            .isEqualTo(row.get(j).get(3).asInt());
                }
            }
        }
    }
}
