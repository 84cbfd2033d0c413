package io.github.addrstd.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The promtool tests must notice every small change to the rules ({@link RuleMutations}): each
 * mutant fails them, or is listed in {@code alerts/tests/mutation-survivors.txt} as equivalent,
 * with the reason it changes nothing that matters. A listed mutant that the tests kill fails the
 * test too (its reason was wrong). Prints the kill ratio.
 *
 * <p>Each mutant runs only the test files that can see the mutated rule ({@link
 * RuleMutations#testFilesSeeing}). While writing tests for one rule, {@code
 * -Dmutants.rules=<regex>} runs only the mutants of the rules whose name matches (the survivor list
 * is then checked for those alone).
 */
class AlertRuleMutationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path SURVIVORS = Path.of("alerts/tests/mutation-survivors.txt");

    /** How a listed survivor's reason starts: the change makes no difference that matters. */
    static final String EQUIVALENT = "equivalent: ";

    @Test
    void everyMutantOfTheRulesIsCaughtByTheirTests(@TempDir Path work) throws Exception {
        Path promtool = MonitoringTools.require("promtool");
        List<RuleMutations.Mutant> mutants =
                RuleMutations.mutants(
                        Files.readString(AlertRulesTest.RULES, StandardCharsets.UTF_8));
        assertThat(mutants).as("mutants of the rules").hasSizeGreaterThan(50);
        String only = System.getProperty("mutants.rules", "");
        if (!only.isEmpty()) {
            mutants = mutants.stream().filter(m -> m.rule().matches(only)).toList();
        }
        Map<String, String> allowed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SURVIVORS, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.split("\\s+\\|\\s+", 2);
                assertThat(parts).as("'%s' gives a reason after ' | '", line).hasSize(2);
                assertThat(parts[1])
                        .as("'%s': only equivalent mutants may survive, a reason why", line)
                        .startsWith(EQUIVALENT);
                allowed.put(parts[0].strip(), parts[1].strip());
            }
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.max(2, Runtime.getRuntime().availableProcessors()));
        Map<Path, String> testFiles = new LinkedHashMap<>();
        for (Path file : AlertRulesTest.testFiles()) {
            testFiles.put(file, Files.readString(file, StandardCharsets.UTF_8));
        }
        Map<String, String> exprs = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(AlertRulesTest.RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name =
                        rule.has("alert")
                                ? rule.get("alert").asText()
                                : rule.get("record").asText();
                exprs.merge(name, rule.get("expr").asText(), (a, b) -> a + "\n" + b);
            }
        }
        Map<RuleMutations.Mutant, Future<RuleMutations.Outcome>> runs = new LinkedHashMap<>();
        for (RuleMutations.Mutant m : mutants) {
            List<Path> seeing = RuleMutations.testFilesSeeing(m.rule(), exprs, testFiles);
            runs.put(m, pool.submit(() -> RuleMutations.run(promtool, m, seeing, work)));
        }
        Map<RuleMutations.Outcome, Integer> counts = new EnumMap<>(RuleMutations.Outcome.class);
        List<String> unexplained = new ArrayList<>();
        List<String> staleAllowances = new ArrayList<>();
        for (Map.Entry<RuleMutations.Mutant, Future<RuleMutations.Outcome>> run : runs.entrySet()) {
            RuleMutations.Outcome outcome = run.getValue().get();
            counts.merge(outcome, 1, Integer::sum);
            String key = run.getKey().key();
            if (outcome == RuleMutations.Outcome.SURVIVED && !allowed.containsKey(key)) {
                unexplained.add("line " + run.getKey().line() + "  " + key);
            }
            if (outcome == RuleMutations.Outcome.KILLED && allowed.containsKey(key)) {
                staleAllowances.add(key);
            }
        }
        pool.shutdown();
        int killed = counts.getOrDefault(RuleMutations.Outcome.KILLED, 0);
        int survived = counts.getOrDefault(RuleMutations.Outcome.SURVIVED, 0);
        String line =
                String.format(
                        "ALERT RULE MUTANTS: %d killed of %d valid (%.1f %%), %d survived (all"
                                + " listed as equivalent), %d invalid",
                        killed,
                        killed + survived,
                        100.0 * killed / Math.max(1, killed + survived),
                        survived,
                        counts.getOrDefault(RuleMutations.Outcome.INVALID, 0));
        System.out.println(line);
        Files.writeString(
                Path.of("target", "alert-rule-mutants.txt"),
                line + System.lineSeparator(),
                StandardCharsets.UTF_8);
        unexplained.forEach(u -> System.out.println("  survived: " + u));
        assertThat(unexplained)
                .as(
                        "mutants the promtool tests do not catch (add a test, or list them with a"
                                + " reason in "
                                + SURVIVORS
                                + ")")
                .isEmpty();
        assertThat(staleAllowances)
                .as(
                        "mutants listed as equivalent in "
                                + SURVIVORS
                                + " that the tests kill: the reason is wrong, take them off")
                .isEmpty();
    }
}
