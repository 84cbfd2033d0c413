package io.github.addrstd.tools;

import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;
import io.github.addrstd.model.DjlOffline;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.standardize.Standardizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.util.ParameterTool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates standardization end to end (model + gazetteer) on JSON Lines of {@code {"input": "...",
 * "expected": {"province": "33", "city": "3301", "district": null, ...}}}: fields are compared by
 * code; {@code null} means the level must stay empty (e.g. an ambiguous name must not be guessed);
 * a missing field is not evaluated.
 *
 * <p>With {@code --conll FILE} the cases come from a real annotated corpus instead (the NAACL 2019
 * dev split): expected levels derived from its annotators' spans and the gazetteer ({@link
 * AdminGold}); with {@code --towns} also the township where an annotated town span names one of the
 * county's townships in full; {@code --from N} / {@code --to N} take a slice of the corpus (its
 * addresses N.., e.g. the dev split's held-out last 985 with {@code --from 2000}).
 *
 * <pre>
 * bin/evaluate [--input eval/standardization-dev.jsonl] [--model-dir model/default] [--degraded]
 * bin/evaluate --conll ../shared/data/naacl2019-chinese-address/dev.txt [--degraded] [--towns]
 *              [--from 2000] [--to N]
 * </pre>
 */
public final class EvaluationCommand {

    public static final List<String> FIELDS = List.of("province", "city", "district", "town");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Lower bounds of the confidence buckets of the calibration table. */
    static final double[] CONFIDENCE_BUCKETS = {0.0, 0.3, 0.5, 0.7, 0.9};

    /**
     * One evaluated address: its confidence, whether every field was right, whether the province
     * was.
     */
    public record Scored(double confidence, boolean allCorrect, boolean provinceCorrect) {}

    /**
     * Per-field and all-fields accuracy, the failures, and every address's confidence for
     * calibration.
     */
    public record Report(
            Map<String, int[]> perField,
            int allCorrect,
            int total,
            List<String> failures,
            List<Scored> scored) {

        /**
         * Addresses with confidence ≥ {@code threshold} whose province is wrong (the calibration
         * promise: none at 0.9).
         */
        public long wrongProvincesAtOrAbove(double threshold) {
            return scored.stream()
                    .filter(s -> s.confidence() >= threshold && !s.provinceCorrect())
                    .count();
        }

        public void printCalibration(PrintStream out) {
            out.println(
                    "| confidence | addresses | all fields right | accuracy | province wrong |");
            out.println("|---|---:|---:|---:|---:|");
            for (int b = 0; b < CONFIDENCE_BUCKETS.length; b++) {
                double lo = CONFIDENCE_BUCKETS[b];
                double hi = b + 1 < CONFIDENCE_BUCKETS.length ? CONFIDENCE_BUCKETS[b + 1] : 1.0001;
                List<Scored> in =
                        scored.stream()
                                .filter(s -> s.confidence() >= lo && s.confidence() < hi)
                                .toList();
                long right = in.stream().filter(Scored::allCorrect).count();
                out.printf(
                        "| %s | %d | %d | %s | %d |%n",
                        b + 1 < CONFIDENCE_BUCKETS.length
                                ? String.format("[%.1f, %.1f)", lo, hi)
                                : String.format("[%.1f, 1.0]", lo),
                        in.size(),
                        right,
                        in.isEmpty() ? "-" : String.format("%.4f", (double) right / in.size()),
                        in.stream().filter(s -> !s.provinceCorrect()).count());
            }
        }

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
            out.println();
            printCalibration(out);
            out.printf(
                    "%n%d failing addresses%s%n", failures.size(), failures.isEmpty() ? "" : ":");
            failures.stream().limit(maxFailures).forEach(f -> out.println("  " + f));
        }
    }

    public static void main(String[] args) throws Exception {
        DjlOffline.unlessConfigured();
        ParameterTool params = ParameterTool.fromArgs(args);
        Path input =
                Path.of(params.get("conll", params.get("input", "eval/standardization-dev.jsonl")));
        List<AdminGold.Case> cases;
        if (params.has("conll")) {
            List<ConllCorpus.Address> corpus =
                    ConllCorpus.slice(
                            ConllCorpus.read(input),
                            params.getInt("from", 0),
                            params.getInt("to", Integer.MAX_VALUE));
            AdminGold.Derivation derived =
                    AdminGold.derive(corpus, Gazetteer.getDefault(), params.has("towns"));
            cases = derived.cases();
            System.out.printf(
                    "%d cases derived from %s's annotated spans; left out: %d without"
                        + " administrative spans, %d whose spans fit no unit, %d whose spans fit"
                        + " several%n",
                    cases.size(),
                    input,
                    derived.withoutAdminSpans(),
                    derived.fittingNoUnit(),
                    derived.fittingSeveral());
        } else {
            cases = readCases(input);
        }
        Report report;
        if (params.has("degraded")) {
            report = evaluate(cases, null);
            System.out.println("gazetteer only (degraded mode), " + input);
        } else {
            try (AddressTagger tagger =
                    JobTagger.builder(Path.of(params.get("model-dir", "model/default"))).build()) {
                report = evaluate(cases, tagger);
                System.out.println("model " + tagger.modelVersion() + " + gazetteer, " + input);
            }
        }
        report.print(System.out, params.getInt("show-failures", Integer.MAX_VALUE));
    }

    /**
     * Reads {@code {"input", "expected"}} lines; a field missing from {@code expected} is not
     * evaluated.
     */
    public static List<AdminGold.Case> readCases(Path input) throws IOException {
        List<AdminGold.Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            Map<String, String> expected = new LinkedHashMap<>();
            for (String field : FIELDS) {
                JsonNode value = node.get("expected").get(field);
                if (value != null) {
                    expected.put(field, value.isNull() ? null : value.asText());
                }
            }
            cases.add(new AdminGold.Case(node.get("input").asText(), expected));
        }
        return cases;
    }

    /**
     * Runs the evaluation from a JSON Lines file; {@code tagger == null} evaluates the degraded
     * mode.
     */
    public static Report evaluate(Path input, AddressTagger tagger) throws Exception {
        return evaluate(readCases(input), tagger);
    }

    /** Runs the evaluation; {@code tagger == null} evaluates the gazetteer-only degraded mode. */
    public static Report evaluate(List<AdminGold.Case> cases, AddressTagger tagger)
            throws Exception {
        List<String> texts = cases.stream().map(AdminGold.Case::text).toList();
        List<TaggingOutcome> tagged = new ArrayList<>();
        if (tagger != null) {
            tagged.addAll(BatchTagging.tagAll(tagger, texts, 64, "tagging"));
        }
        Standardizer standardizer = new Standardizer(Gazetteer.getDefault());
        Map<String, int[]> perField = new LinkedHashMap<>();
        FIELDS.forEach(f -> perField.put(f, new int[2]));
        int allCorrect = 0;
        List<String> failures = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            StandardizedAddress result =
                    tagger == null || !tagged.get(i).succeeded()
                            ? standardizer.standardize(texts.get(i), null, false)
                            : standardizer.standardize(
                                    texts.get(i),
                                    tagged.get(i).result().elements(),
                                    tagged.get(i).result().truncated());
            Map<String, String> expected = cases.get(i).expected();
            List<String> wrong = new ArrayList<>();
            for (String field : FIELDS) {
                if (!expected.containsKey(field)) {
                    continue;
                }
                String want = expected.get(field);
                StandardizedAddress.Unit unit = unit(result, field);
                String got = unit == null ? null : unit.code();
                perField.get(field)[1]++;
                if (java.util.Objects.equals(want, got)) {
                    perField.get(field)[0]++;
                } else {
                    wrong.add(
                            field
                                    + " expected "
                                    + want
                                    + " got "
                                    + (unit == null ? "null" : unit.code() + " " + unit.name()));
                }
            }
            boolean provinceWrong = wrong.stream().anyMatch(w -> w.startsWith("province "));
            scored.add(new Scored(result.confidence(), wrong.isEmpty(), !provinceWrong));
            if (wrong.isEmpty()) {
                allCorrect++;
            } else {
                List<String> flags = result.flags().stream().map(f -> f.kind().name()).toList();
                failures.add(
                        texts.get(i)
                                + "  ->  "
                                + String.join("; ", wrong)
                                + "  "
                                + flags
                                + " confidence "
                                + result.confidence());
            }
        }
        return new Report(perField, allCorrect, cases.size(), failures, scored);
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
