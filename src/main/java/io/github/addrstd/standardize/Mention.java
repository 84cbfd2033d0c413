package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.List;

/**
 * One administrative name found in the address (a model span or a gazetteer name in the text) and
 * the units it may denote, with how strongly it supports each candidate chain. Found by {@link
 * MentionFinder}, scored by {@link ChainResolver}, explained or flagged by {@link
 * MentionExplanation}.
 */
final class Mention {

    // Evidence weights: how much one mention adds to every chain that contains a unit it names. Set
    // on eval/standardization-dev.jsonl and the failures of the real NAACL 2019 dev split
    // (bin/evaluate --conll, so that split is not a held-out measure); the README has the figures.

    /**
     * A mention the model tagged at the named unit's own level (district span naming a district).
     */
    private static final double TAGGED_LEVEL_BONUS = 0.5;

    /** A short name (余杭 for 余杭区) is a little weaker than the full name. */
    private static final double SHORT_NAME_PENALTY = 0.1;

    /** Short township names (城关, 紫金) are common words: alone they prove nothing. */
    private static final double SHORT_TOWN_NAME_PENALTY = 0.7;

    /** A former name (江干区, merged in 2021) is weaker than a current one. */
    private static final double FORMER_NAME_PENALTY = 0.2;

    /** A name shared by n units says less than a unique one: divided by 1 + this × (n - 1). */
    private static final double SHARED_NAME_DISCOUNT = 0.1;

    /**
     * A generic zone name (高新区: three township-like units) confirms a chain that has one but alone
     * locates nothing: 西安高新区 is 西安's, whatever 常州 and 兰州 call their own 高新区.
     */
    private static final double GENERIC_ZONE_NAME_FACTOR = 0.25;

    final int start;
    final int end;
    final String text;
    @Nullable final AdminLevel taggedLevel;
    final List<Gazetteer.NameMatch> matches;
    private final int distinctUnits;
    private final boolean genericZoneName;

    /**
     * Evidence where it fits, nothing where it does not: a generic zone name (高新区 in 成都高新区, where
     * the gazetteer lists no such unit), or a name that qualifies a zone (东湖 in 武汉东湖高新区: the lake,
     * not 南昌's 东湖区). Unexplained, it is neither corrected nor a conflict.
     */
    boolean onlyWhereItFits;

    /** The unit of the chosen chain that this mention names, once explained. */
    @Nullable AdminUnit explainedBy;

    /**
     * Flagged CORRECTED: the chain's unit at its level replaces its text. (A CONFLICT keeps its
     * text: the name fits no unit of the chain, which does not make it less a part of the address.)
     */
    boolean corrected;

    /**
     * Explained by a place inside {@link #explainedBy} (台北市 in 台湾省), not by its name: the text
     * stays as written.
     */
    boolean placeWithin;

    Mention(
            int start,
            int end,
            String text,
            @Nullable AdminLevel taggedLevel,
            List<Gazetteer.NameMatch> matches) {
        this.start = start;
        this.end = end;
        this.text = text;
        this.taggedLevel = taggedLevel;
        this.matches = matches;
        this.distinctUnits = Math.max(1, matches.size());
        this.genericZoneName = Gazetteer.isGenericZoneName(matches);
        this.onlyWhereItFits = genericZoneName;
    }

    /**
     * Whether {@code a} rather than {@code b} is the unit this mention names when both lie on one
     * chain: the one at the level the model tagged, else a full name before a short one, else the
     * higher. (Matches of one chain at one level name the same unit, so a tie changes nothing.)
     */
    boolean namesRatherThan(Gazetteer.NameMatch a, Gazetteer.NameMatch b) {
        return rank(a) < rank(b);
    }

    private int rank(Gazetteer.NameMatch nm) {
        int r = nm.unit().level() == taggedLevel ? 0 : 100;
        r += nm.shortForm() ? 10 : 0;
        return r + nm.unit().level().ordinal();
    }

    /**
     * A county-level city written in full (吉首市) that the model tagged a city: its name reads like a
     * prefecture's and the model often tags it so, which half agrees with its level. Half, not all:
     * a writer may also mean the prefecture by it (阿克苏市新和县: 阿克苏地区), and the county written beside
     * it must then still win.
     */
    private boolean countyLevelCityTaggedAsCity(Gazetteer.NameMatch nm) {
        return taggedLevel == AdminLevel.CITY
                && nm.unit().level() == AdminLevel.DISTRICT
                && !nm.shortForm()
                && nm.formerName() == null
                && nm.unit().name().endsWith("市");
    }

    /** How strongly naming {@code nm}'s unit supports every chain that contains it. */
    double weightOf(Gazetteer.NameMatch nm) {
        boolean town = nm.unit().level() == AdminLevel.TOWN;
        double w = 1.0;
        if (taggedLevel == nm.unit().level()) {
            w += TAGGED_LEVEL_BONUS;
        } else if (countyLevelCityTaggedAsCity(nm)) {
            w += TAGGED_LEVEL_BONUS / 2;
        }
        if (nm.shortForm()) {
            w -= town ? SHORT_TOWN_NAME_PENALTY : SHORT_NAME_PENALTY;
        }
        if (nm.formerName() != null) {
            w -= FORMER_NAME_PENALTY;
        }
        if (genericZoneName) {
            w *= GENERIC_ZONE_NAME_FACTOR;
        }
        return w / (1.0 + SHARED_NAME_DISCOUNT * (distinctUnits - 1));
    }
}
