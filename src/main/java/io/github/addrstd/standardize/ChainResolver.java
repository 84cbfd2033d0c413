package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chain scoring: each unit any mention may denote is a candidate, scored by how much evidence its
 * chain (the unit and its ancestors) collects from the mentions ({@link Mention#weightOf}); the
 * best-supported chain wins, deeper on equal evidence (but not between the units one name denotes).
 * When several chains tie, only their common part is kept and the resolution is ambiguous instead
 * of guessed.
 */
final class ChainResolver {

    /**
     * Township names recur across provinces (康桥镇, 九堡镇) and a misspelt one (敖江 for 鳌江) hits
     * another's: a township name that nothing else in the address supports (no city or province of
     * its chain is written) counts for less than the county written beside it. A corroborated one
     * counts in full, so 杭州市余杭区塘栖镇 resolves to 临平区, where 塘栖镇 has lain since 2021.
     */
    private static final double TOWN_NAME_FACTOR = 0.75;

    /** On equal evidence the deeper unit wins, by this much per level. */
    private static final double DEPTH_TIE_BREAK = 0.01;

    /**
     * A chain needs at least this much support: a full or short county-level name, even one shared
     * by a few units (桥西区: two, both in 河北), but not a short town name (紫金) alone.
     */
    private static final double MIN_EVIDENCE = 0.5;

    /**
     * The chosen unit (null when nothing is supported enough), whether several chains tied, the
     * tied units, and whether {@code unit} was then chosen among them by the {@link
     * AdministrativeRank} prior (otherwise it is their common ancestor, or null).
     */
    record Resolution(
            @Nullable AdminUnit unit,
            boolean ambiguous,
            List<AdminUnit> tied,
            boolean chosenByPrior) {}

    /**
     * The unit whose chain explains the most mentions; when several tie, the {@link
     * AdministrativeRank} prior's choice (for one name) or their common ancestor.
     */
    static Resolution resolve(List<Mention> mentions, Gazetteer gazetteer) {
        // Which mentions name each unit, so that a candidate's support is read off its own chain
        // (four units at most) rather than by testing every match of every mention against it: a
        // town name alone can match hundreds of units.
        Map<AdminUnit, List<Naming>> namings = new IdentityHashMap<>();
        List<AdminUnit> candidates = new ArrayList<>(); // each named unit once, in text order
        for (int k = 0; k < mentions.size(); k++) {
            for (Gazetteer.NameMatch nm : mentions.get(k).matches) {
                List<Naming> named = namings.get(nm.unit());
                if (named == null) {
                    named = new ArrayList<>(2);
                    namings.put(nm.unit(), named);
                    candidates.add(nm.unit());
                }
                named.add(new Naming(k, nm));
            }
        }
        Support support =
                new Support(
                        namings,
                        mentions,
                        new double[mentions.size()],
                        new Gazetteer.NameMatch[mentions.size()]);
        double best = 0;
        double bestEvidence = 0;
        List<AdminUnit> tied = new ArrayList<>();
        for (AdminUnit candidate : candidates) {
            double e = support.evidenceFor(candidate);
            if (Double.isNaN(e)) {
                continue; // 大理镇 must be named itself, not reached through 大理 naming 大理州
            }
            double score = e + DEPTH_TIE_BREAK * candidate.level().ordinal();
            if (score > best + 1e-9) {
                best = score;
                bestEvidence = e;
                tied.clear();
                tied.add(candidate);
            } else if (Math.abs(score - best) <= 1e-9) {
                tied.add(candidate);
            }
        }
        if (tied.isEmpty() || best < MIN_EVIDENCE) {
            return new Resolution(null, false, List.of(), false);
        }
        addOtherLevelsOfTheSameName(tied, bestEvidence, support);
        if (tied.size() == 1) {
            return new Resolution(tied.get(0), false, List.of(), false);
        }
        AdminUnit likeliest = priorChoice(tied, mentions, gazetteer);
        if (likeliest != null) {
            return new Resolution(likeliest, true, List.copyOf(tied), true);
        }
        AdminUnit common = tied.get(0);
        for (AdminUnit u : tied) {
            while (common != null && !u.isWithin(common)) {
                common = common.parent();
            }
        }
        return new Resolution(common, true, List.copyOf(tied), false);
    }

    /**
     * Nothing in the text decides: the prior does if one unit outranks the others, for one name
     * (one mention names every tied unit). Two different names (义乌市 and 浦江县 both written)
     * contradict each other rather than leave a choice: their common part stays. A short name may
     * be part of another word (滨海 in 滨海园区), so for one the prior chooses only a province or a
     * prefecture, the units people write by their short names (西安, 杭州).
     */
    private static @Nullable AdminUnit priorChoice(
            List<AdminUnit> tied, List<Mention> mentions, Gazetteer gazetteer) {
        boolean oneName =
                mentions.stream()
                        .anyMatch(
                                m ->
                                        tied.stream()
                                                .allMatch(
                                                        u ->
                                                                m.matches.stream()
                                                                        .anyMatch(
                                                                                nm ->
                                                                                        nm.unit()
                                                                                                == u)));
        if (!oneName) {
            return null;
        }
        AdminUnit likeliest = AdministrativeRank.likeliest(tied, gazetteer::urbanSubdistricts);
        if (likeliest == null
                || namedInFull(likeliest, mentions)
                || likeliest.level().ordinal() <= AdminLevel.CITY.ordinal()) {
            return likeliest;
        }
        return null;
    }

    /**
     * Per mention, its strongest support for {@code candidate}'s chain ({@code weight}) and the
     * unit of the chain it names ({@code claimed}, null where it names none).
     */
    private static void readSupport(
            AdminUnit candidate,
            Map<AdminUnit, List<Naming>> namings,
            List<Mention> mentions,
            double[] weight,
            Gazetteer.NameMatch[] claimed) {
        Arrays.fill(weight, 0);
        Arrays.fill(claimed, null);
        for (AdminUnit u = candidate; u != null; u = u.parent()) {
            for (Naming n : namings.getOrDefault(u, List.of())) {
                Mention m = mentions.get(n.mention());
                weight[n.mention()] = Math.max(weight[n.mention()], m.weightOf(n.match()));
                Gazetteer.NameMatch earlier = claimed[n.mention()];
                if (earlier == null || m.namesRatherThan(n.match(), earlier)) {
                    claimed[n.mention()] = n.match();
                }
            }
        }
    }

    /**
     * The evidence for {@code candidate}'s chain: the mentions' support, a township candidate's own
     * township names counting in full only when another mention corroborates the chain.
     */
    private static double evidence(
            AdminUnit candidate, double[] weight, Gazetteer.NameMatch[] claimed) {
        double score = 0;
        double townEvidence = 0;
        boolean corroborated = false;
        for (int k = 0; k < weight.length; k++) {
            double w = weight[k];
            if (w > 0
                    && candidate.level() == AdminLevel.TOWN
                    && claimed[k].unit().level() == AdminLevel.TOWN) {
                townEvidence += w;
            } else if (w > 0) {
                score += w;
                corroborated = true;
            }
        }
        score += corroborated ? townEvidence : TOWN_NAME_FACTOR * townEvidence;
        return score;
    }

    /**
     * The depth tie-break lets a deeper unit win on equal evidence, since it explains as much and
     * says more (塘栖镇 of 临平区 against 余杭区, both written). Not among the units one name denotes at
     * different levels (西安: 西安市, or 辽源's or 牡丹江's 西安区): those tie, for the prior to decide.
     */
    private static void addOtherLevelsOfTheSameName(
            List<AdminUnit> tied, double bestEvidence, Support support) {
        for (AdminUnit winner : List.copyOf(tied)) {
            for (Naming naming : support.namings().get(winner)) {
                for (Gazetteer.NameMatch nm : support.mentions().get(naming.mention()).matches) {
                    AdminUnit other = nm.unit();
                    if (other.level() != winner.level()
                            && !other.isWithin(winner)
                            && !winner.isWithin(other)
                            && !tied.contains(other)
                            && Math.abs(support.evidenceFor(other) - bestEvidence) <= 1e-9) {
                        tied.add(other);
                    }
                }
            }
        }
    }

    /**
     * Who names which unit, and the per-mention scratch arrays each candidate's support is read
     * into ({@link #readSupport}), reused from one candidate to the next.
     */
    private record Support(
            Map<AdminUnit, List<Naming>> namings,
            List<Mention> mentions,
            double[] weight,
            Gazetteer.NameMatch[] claimed) {

        /**
         * The evidence for {@code candidate}'s chain, or NaN if no mention names the candidate
         * itself.
         */
        double evidenceFor(AdminUnit candidate) {
            readSupport(candidate, namings, mentions, weight, claimed);
            return namedItself(candidate, claimed)
                    ? evidence(candidate, weight, claimed)
                    : Double.NaN;
        }
    }

    /** One mention (by index) naming one unit. */
    private record Naming(int mention, Gazetteer.NameMatch match) {}

    /**
     * Whether some mention names {@code candidate} itself rather than another unit of its chain.
     */
    private static boolean namedItself(AdminUnit candidate, Gazetteer.NameMatch[] claimed) {
        for (Gazetteer.NameMatch nm : claimed) {
            if (nm != null && nm.unit() == candidate) {
                return true;
            }
        }
        return false;
    }

    private static boolean namedInFull(AdminUnit unit, List<Mention> mentions) {
        for (Mention m : mentions) {
            for (Gazetteer.NameMatch nm : m.matches) {
                if (nm.unit().equals(unit) && !nm.shortForm()) {
                    return true;
                }
            }
        }
        return false;
    }

    private ChainResolver() {}
}
