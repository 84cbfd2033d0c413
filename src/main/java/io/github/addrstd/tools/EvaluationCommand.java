package io.github.addrstd.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.model.TaggingOutcome;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.StandardizedAddress;
import io.github.addrstd.standardize.Standardizer;

import org.apache.flink.util.ParameterTool;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates standardization end to end (model + gazetteer) on JSON Lines of
 * {@code {"input": "...", "expected": {"province": "33", "city": "3301", "district": null, ...}}}:
 * fields are compared by code; {@code null} means the level must stay empty (e.g. an ambiguous name
 * must not be guessed); a missing field is not evaluated.
 *
 * <pre>
 * bin/evaluate [--input eval/standardization-dev.jsonl] [--model-dir model/default] [--degraded]
 * </pre>
 */
public final class EvaluationCommand {

    public static final List<String> FIELDS = List.of("province", "city", "district", "town");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Per-field and all-fields accuracy, and the failures. */
    public record Report(Map<String, int[]> perField, int allCorrect, int total, List<String> failures) {

        public double accuracy(String field) {
            int[] c = perField.get(field);
            return c[1] == 0 ? 1.0 : (double) c[0] / c[1];
        }

        public double allFieldsAccuracy() {
            return total == 0 ? 1.0 : (double) allCorrect / total;
        }

        public void print(PrintStream out, int maxFailures) {
            out.println("| field | correct | evaluated | accuracy |");
            out.println("|---|---:|---:|---:|");
            for (String f : FIELDS) {
                int[] c = perField.get(f);
                out.printf("| %s | %d | %d | %.4f |%n", f, c[0], c[1], accuracy(f));
            }
            out.printf("| all fields | %d | %d | %.4f |%n", allCorrect, total, allFieldsAccuracy());
            out.printf("%n%d failing addresses%s%n", failures.size(), failures.isEmpty() ? "" : ":");
            failures.stream().limit(maxFailures).forEach(f -> out.println("  " + f));
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        ParameterTool params = ParameterTool.fromArgs(args);
        Path input = Path.of(params.get("input", "eval/standardization-dev.jsonl"));
        Report report;
        if (params.has("degraded")) {
            report = evaluate(input, null);
            System.out.println("gazetteer only (degraded mode), " + input);
        } else {
            try (AddressTagger tagger = DjlAddressTagger.builder()
                    .setModelDirectory(ModelDirectory.open(Path.of(params.get("model-dir", "model/default")))).build()) {
                report = evaluate(input, tagger);
                System.out.println("model " + tagger.modelVersion() + " + gazetteer, " + input);
            }
        }
        report.print(System.out, params.getInt("show-failures", Integer.MAX_VALUE));
    }

    /** Runs the evaluation; {@code tagger == null} evaluates the gazetteer-only degraded mode. */
    public static Report evaluate(Path input, AddressTagger tagger) throws Exception {
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cases.add(JSON.readTree(line));
            }
        }
        List<String> texts = cases.stream().map(c -> c.get("input").asText()).toList();
        List<TaggingOutcome> tagged = new ArrayList<>();
        if (tagger != null) {
            for (int i = 0; i < texts.size(); i += 64) {
                tagged.addAll(tagger.tag(texts.subList(i, Math.min(texts.size(), i + 64))));
            }
        }
        Standardizer standardizer = new Standardizer(Gazetteer.getDefault());
        Map<String, int[]> perField = new LinkedHashMap<>();
        FIELDS.forEach(f -> perField.put(f, new int[2]));
        int allCorrect = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            StandardizedAddress result = tagger == null || !tagged.get(i).succeeded()
                    ? standardizer.standardize(texts.get(i), null, false)
                    : standardizer.standardize(texts.get(i), tagged.get(i).result().elements(), tagged.get(i).result().truncated());
            JsonNode expected = cases.get(i).get("expected");
            List<String> wrong = new ArrayList<>();
            for (String field : FIELDS) {
                if (!expected.has(field)) {
                    continue;
                }
                String want = expected.get(field).isNull() ? null : expected.get(field).asText();
                StandardizedAddress.Unit unit = unit(result, field);
                String got = unit == null ? null : unit.code();
                perField.get(field)[1]++;
                if (java.util.Objects.equals(want, got)) {
                    perField.get(field)[0]++;
                } else {
                    wrong.add(field + " expected " + want + " got " + (unit == null ? "null" : unit.code() + " " + unit.name()));
                }
            }
            if (wrong.isEmpty()) {
                allCorrect++;
            } else {
                List<String> flags = result.flags().stream().map(f -> f.kind().name()).toList();
                failures.add(texts.get(i) + "  ->  " + String.join("; ", wrong) + "  " + flags);
            }
        }
        return new Report(perField, allCorrect, cases.size(), failures);
    }

    private static StandardizedAddress.Unit unit(StandardizedAddress a, String field) {
        return switch (field) {
            case "province" -> a.province();
            case "city" -> a.city();
            case "district" -> a.district();
            default -> a.town();
        };
    }
}
