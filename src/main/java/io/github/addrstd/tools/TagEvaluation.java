package io.github.addrstd.tools;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 of a tagger on annotated addresses, through the shipped
 * Java path (tokenizer, TorchScript model, BIES decoding): an element counts as right only with the
 * exact type and span. Micro figures over every type, and over the types MGeo itself emits (without
 * the project's extra {@code roomno}), so a converted MGeo and the default model can be compared.
 */
public final class TagEvaluation {

    /**
     * Types beyond MGeo's 17 that the default model emits; left out of the MGeo-comparable figure.
     */
    public static final Set<String> EXTRA_TYPES = Set.of("roomno");

    /** Counts of one type, or of all. */
    public static final class Counts {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        public int gold() {
            return truePositives + falseNegatives;
        }

        public double precision() {
            return truePositives + falsePositives == 0
                    ? 0
                    : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return gold() == 0 ? 0 : (double) truePositives / gold();
        }

        public double f1() {
            int d = 2 * truePositives + falsePositives + falseNegatives;
            return d == 0 ? 0 : 2.0 * truePositives / d;
        }

        void add(Counts other) {
            truePositives += other.truePositives;
            falsePositives += other.falsePositives;
            falseNegatives += other.falseNegatives;
        }
    }

    /** One address with its errors, for the worst-examples list. */
    public record Example(
            String text,
            int errors,
            List<ConllCorpus.Entity> missed,
            List<ConllCorpus.Entity> spurious) {}

    /** The evaluation's figures. */
    public record Report(
            Map<String, Counts> perType,
            Counts micro,
            Counts mgeoTypes,
            int addresses,
            List<Example> worst) {

        public void print(PrintStream out, int examples) {
            out.printf("%d addresses%n%n", addresses);
            out.println("| type | gold | precision | recall | F1 |");
            out.println("|---|---:|---:|---:|---:|");
            perType.forEach((type, c) -> row(out, type, c));
            row(out, "**micro, all types**", micro);
            row(out, "**micro, MGeo's types** (no roomno)", mgeoTypes);
            if (examples > 0 && !worst.isEmpty()) {
                out.printf(
                        "%nworst examples (missed = gold not found exactly, spurious = predicted,"
                                + " not gold):%n");
                for (Example e : worst.subList(0, Math.min(examples, worst.size()))) {
                    out.printf(
                            "  %s%n    missed   %s%n    spurious %s%n",
                            e.text(), spans(e.text(), e.missed()), spans(e.text(), e.spurious()));
                }
            }
        }

        private static void row(PrintStream out, String name, Counts c) {
            out.printf(
                    "| %s | %d | %.4f | %.4f | %.4f |%n",
                    name, c.gold(), c.precision(), c.recall(), c.f1());
        }

        private static String spans(String text, List<ConllCorpus.Entity> entities) {
            List<String> parts = new ArrayList<>();
            for (ConllCorpus.Entity e : entities) {
                parts.add(e.type() + ":" + text.substring(e.start(), e.end()));
            }
            return parts.toString();
        }
    }

    private TagEvaluation() {}

    public static Report evaluate(
            AddressTagger tagger, List<ConllCorpus.Address> corpus, int batchSize) {
        Map<String, Counts> perType = new TreeMap<>();
        List<Example> examples = new ArrayList<>();
        Progress progress = new Progress("tagging", corpus.size());
        for (int from = 0; from < corpus.size(); from += batchSize) {
            progress.update(from);
            List<ConllCorpus.Address> batch =
                    corpus.subList(from, Math.min(corpus.size(), from + batchSize));
            List<TaggingOutcome> outcomes =
                    tagger.tag(batch.stream().map(ConllCorpus.Address::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                ConllCorpus.Address gold = batch.get(i);
                TaggingOutcome outcome = outcomes.get(i);
                if (!outcome.succeeded()) {
                    throw new IllegalStateException(
                            "the tagger failed on '" + gold.text() + "': " + outcome.detail());
                }
                Set<ConllCorpus.Entity> predicted = new HashSet<>();
                for (AddressElement e : outcome.result().elements()) {
                    predicted.add(new ConllCorpus.Entity(e.type(), e.start(), e.end()));
                }
                Set<ConllCorpus.Entity> expected = new HashSet<>(gold.entities());
                List<ConllCorpus.Entity> missed = new ArrayList<>();
                List<ConllCorpus.Entity> spurious = new ArrayList<>();
                for (ConllCorpus.Entity e : expected) {
                    Counts c = perType.computeIfAbsent(e.type(), t -> new Counts());
                    if (predicted.contains(e)) {
                        c.truePositives++;
                    } else {
                        c.falseNegatives++;
                        missed.add(e);
                    }
                }
                for (ConllCorpus.Entity e : predicted) {
                    if (!expected.contains(e)) {
                        perType.computeIfAbsent(e.type(), t -> new Counts()).falsePositives++;
                        spurious.add(e);
                    }
                }
                if (!missed.isEmpty() || !spurious.isEmpty()) {
                    Comparator<ConllCorpus.Entity> byStart =
                            Comparator.comparingInt(ConllCorpus.Entity::start);
                    missed.sort(byStart);
                    spurious.sort(byStart);
                    examples.add(
                            new Example(
                                    gold.text(),
                                    missed.size() + spurious.size(),
                                    missed,
                                    spurious));
                }
            }
        }
        progress.update(corpus.size());
        Counts micro = new Counts();
        Counts mgeo = new Counts();
        perType.forEach(
                (type, c) -> {
                    micro.add(c);
                    if (!EXTRA_TYPES.contains(type)) {
                        mgeo.add(c);
                    }
                });
        examples.sort(Comparator.comparingInt(Example::errors).reversed());
        return new Report(perType, micro, mgeo, corpus.size(), List.copyOf(examples));
    }
}
