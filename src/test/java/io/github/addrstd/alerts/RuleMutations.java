package io.github.addrstd.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutation testing of the alert rules: one small change at a time to a rule's expression or its
 * {@code for:}, then the promtool unit tests on the mutated file. A mutant the tests still pass is
 * a change nobody would notice: a test is missing, or the change makes no difference (then it is
 * listed with its reason in {@code alerts/tests/mutation-survivors.txt}).
 *
 * <p>Operators: every threshold after a comparison halved and doubled (0 becomes 1), every
 * comparison reversed, every range window halved and doubled, every {@code for:} removed and
 * halved, {@code sum} / {@code max} / {@code min} aggregations swapped, {@code and} / {@code or}
 * swapped, every label matcher removed.
 */
final class RuleMutations {

    /** One mutant: where (the rule it belongs to), what changed, and the mutated file. */
    record Mutant(String rule, int line, String from, String to, String text, int occurrence) {
        /**
         * Stable under edits elsewhere in the file: the rule, the change, and which of its equal
         * changes.
         */
        String key() {
            return rule
                    + ": "
                    + from.strip()
                    + " -> "
                    + (to.isBlank() ? "(removed)" : to.strip())
                    + (occurrence > 1 ? " (" + occurrence + ")" : "");
        }
    }

    /** A mutant's fate. */
    enum Outcome {
        KILLED,
        SURVIVED,
        INVALID
    }

    private record Operator(Pattern pattern, Function<Matcher, List<String>> replacements) {}

    private static final Pattern RULE_NAME = Pattern.compile("^\\s*- (?:alert|record): (\\S+)");
    private static final Pattern EXPR_START = Pattern.compile("^(\\s*)expr: ?(\\|)?");
    private static final Pattern FOR = Pattern.compile("^(\\s*)for: (\\d+)([smhd])\\s*$");

    private static final List<Operator> EXPR_OPERATORS =
            List.of(
                    // thresholds
                    new Operator(
                            Pattern.compile("(?<=[<>=] )(\\d+(?:\\.\\d+)?)(?![\\d.]*[smhd\\]])"),
                            m -> {
                                double v = Double.parseDouble(m.group(1));
                                return v == 0
                                        ? List.of("1")
                                        : List.of(number(v / 2), number(v * 2));
                            }),
                    // comparisons reversed
                    new Operator(
                            Pattern.compile("(?<= )(>|<)(?= )"),
                            m -> List.of(m.group(1).equals(">") ? "<" : ">")),
                    // range windows, [5m] and subqueries [15m:1m]
                    new Operator(
                            Pattern.compile("(?<=\\[)(\\d+)([smhd])(?=[]:])"),
                            m -> {
                                int v = Integer.parseInt(m.group(1));
                                List<String> out = new ArrayList<>();
                                if (v > 1) {
                                    out.add((v / 2) + m.group(2));
                                }
                                out.add((v * 2) + m.group(2));
                                return out;
                            }),
                    new Operator(
                            Pattern.compile("\\b(sum|max|min)(?= by| \\()"),
                            m ->
                                    switch (m.group(1)) {
                                        case "sum" -> List.of("max");
                                        case "max" -> List.of("sum", "min");
                                        default -> List.of("max");
                                    }),
                    new Operator(
                            Pattern.compile("(?<= )(and|or)(?= )"),
                            m -> List.of(m.group(1).equals("and") ? "or" : "and")),
                    // a label matcher removed (quantile="0.99", stage="tag")
                    new Operator(Pattern.compile(",?\\s*\\w+=~?\"[^\"]*\""), m -> List.of("")));

    private static final java.util.concurrent.atomic.AtomicInteger RUNS =
            new java.util.concurrent.atomic.AtomicInteger();

    private RuleMutations() {}

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Every mutant of the rules file's text. */
    static List<Mutant> mutants(String rules) {
        List<Mutant> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = rules.split("\n", -1);
        String rule = "?";
        int blockIndent = -1; // inside an "expr: |" block: lines indented deeper than this
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher name = RULE_NAME.matcher(line);
            if (name.find()) {
                rule = name.group(1);
            }
            boolean exprLine;
            Matcher expr = EXPR_START.matcher(line);
            int indent = line.length() - line.stripLeading().length();
            if (expr.find()) {
                blockIndent = expr.group(2) != null ? expr.group(1).length() : -1;
                exprLine = expr.group(2) == null;
            } else if (blockIndent >= 0 && (line.isBlank() || indent > blockIndent)) {
                exprLine = !line.isBlank() && !line.strip().startsWith("#");
            } else {
                blockIndent = -1;
                exprLine = false;
            }
            if (exprLine) {
                int from = expr.find(0) ? expr.end() : 0;
                for (Operator op : EXPR_OPERATORS) {
                    Matcher m = op.pattern().matcher(line);
                    while (m.find()) {
                        if (m.start() < from) {
                            continue;
                        }
                        for (String replacement : op.replacements().apply(m)) {
                            String mutated =
                                    line.substring(0, m.start())
                                            + replacement
                                            + line.substring(m.end());
                            out.add(
                                    new Mutant(
                                            rule,
                                            i + 1,
                                            m.group(),
                                            replacement,
                                            replaceLine(lines, i, mutated),
                                            occurrence(seen, rule, m.group(), replacement)));
                        }
                    }
                }
            }
            Matcher forLine = FOR.matcher(line);
            if (forLine.matches()) {
                out.add(
                        new Mutant(
                                rule,
                                i + 1,
                                "for: " + forLine.group(2) + forLine.group(3),
                                "no for",
                                replaceLine(lines, i, null),
                                occurrence(seen, rule, "for", "no for")));
                int v = Integer.parseInt(forLine.group(2));
                if (v > 1) {
                    String half = "for: " + (v / 2) + forLine.group(3);
                    out.add(
                            new Mutant(
                                    rule,
                                    i + 1,
                                    "for: " + v + forLine.group(3),
                                    half,
                                    replaceLine(lines, i, forLine.group(1) + half),
                                    occurrence(seen, rule, "for", half)));
                }
            }
        }
        return out;
    }

    private static int occurrence(Map<String, Integer> seen, String rule, String from, String to) {
        return seen.merge(rule + "\u0000" + from.strip() + "\u0000" + to.strip(), 1, Integer::sum);
    }

    private static String replaceLine(String[] lines, int index, String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == index) {
                if (replacement == null) {
                    continue;
                }
                sb.append(replacement);
            } else {
                sb.append(lines[i]);
            }
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The test files that can notice a change to {@code rule}: those that name it or a rule that
     * reads it, directly or through other recording rules. Any other file evaluates the mutated
     * rule but asserts nothing that depends on it, so running it only costs time (all files when
     * none names it).
     *
     * @param exprs every rule's name and expression(s), as {@code name -> expr} (rules sharing a
     *     name, the two severities of an alert, joined)
     */
    static List<Path> testFilesSeeing(
            String rule, Map<String, String> exprs, Map<Path, String> testFiles) {
        java.util.Set<String> names = new java.util.HashSet<>(List.of(rule));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> e : exprs.entrySet()) {
                if (!names.contains(e.getKey())
                        && names.stream().anyMatch(n -> e.getValue().contains(n))) {
                    names.add(e.getKey());
                    grew = true;
                }
            }
        }
        List<Path> seeing =
                testFiles.entrySet().stream()
                        .filter(f -> names.stream().anyMatch(n -> f.getValue().contains(n)))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
        return seeing.isEmpty() ? testFiles.keySet().stream().sorted().toList() : seeing;
    }

    /** Runs promtool's unit tests against one mutant, in a copy of the alerts/ layout. */
    static Outcome run(Path promtool, Mutant mutant, List<Path> testFiles, Path work)
            throws IOException, InterruptedException {
        Path dir =
                Files.createDirectories(
                        work.resolve("mutant-" + RUNS.incrementAndGet())); // one directory each
        Path rules = dir.resolve("address-standardizer.rules.yml");
        Files.writeString(rules, mutant.text(), StandardCharsets.UTF_8);
        Path tests = Files.createDirectories(dir.resolve("tests"));
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        for (Path testFile : testFiles) {
            Path copy = tests.resolve(testFile.getFileName());
            Files.copy(testFile, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            command.add(copy.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Outcome.KILLED;
        }
        if (p.exitValue() == 0) {
            return Outcome.SURVIVED;
        }
        // A mutant promtool cannot even load is no test of the tests.
        return out.contains("parse error")
                        || out.contains("error parsing")
                        || out.contains("bad_data")
                ? Outcome.INVALID
                : Outcome.KILLED;
    }
}
