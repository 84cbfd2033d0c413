package io.github.addrstd.standardize;

import io.github.addrstd.event.StandardizedAddress.Flag;
import io.github.addrstd.event.StandardizedAddress.FlagKind;

import java.util.List;
import java.util.Map;

/**
 * What the chosen chain makes of each mention: explained by one of its units (flagged RENAMED when
 * written by a former name), or not, then flagged CORRECTED (the chain has a unit at that level,
 * whose name replaces it in {@code full}) or CONFLICT (it has none: the name stays in {@code full}
 * as written, after the canonical names), each lowering the confidence.
 */
final class MentionExplanation {

    /** Per written name that the chosen chain does not explain (corrected or conflicting). */
    private static final double UNEXPLAINED_NAME_FACTOR = 0.7;

    /** Marks which unit explains each mention and flags the rest; returns a confidence factor. */
    static double explain(
            List<Mention> mentions,
            AdminUnit chosen,
            Map<AdminLevel, AdminUnit> chain,
            List<Flag> flags) {
        double factor = 1.0;
        for (Mention m : mentions) {
            Gazetteer.NameMatch used = null;
            for (Gazetteer.NameMatch nm : m.matches) {
                if (chosen != null && chosen.isWithin(nm.unit())) {
                    used = nm;
                    break;
                }
            }
            if (used != null) {
                m.explainedBy = used.unit();
                m.placeWithin = used.placeWithin();
                if (used.formerName() != null) {
                    flags.add(
                            new Flag(
                                    FlagKind.RENAMED,
                                    used.unit().level().label(),
                                    m.text,
                                    m.text
                                            + " became "
                                            + used.unit().name()
                                            + " ("
                                            + used.unit().code()
                                            + ")"
                                            + (used.changeYear() > 0
                                                    ? " in " + used.changeYear()
                                                    : "")));
                }
                continue;
            }
            if (chosen == null || m.onlyWhereItFits) {
                continue; // ambiguity already flagged; or evidence only where it fits
            }
            if (Gazetteer.isSpecialRegion(chain.get(AdminLevel.PROVINCE))) {
                // Below Taiwan, Hong Kong and Macau the gazetteer knows few names: one there that
                // matches a mainland one (九龙 in 香港九龙旺角) is the region's own place, kept as
                // written.
                continue;
            }
            AdminLevel level =
                    m.taggedLevel != null
                            ? m.taggedLevel
                            : m.matches.isEmpty() ? null : m.matches.get(0).unit().level();
            AdminUnit replacement = level == null ? null : chain.get(level);
            if (replacement != null) {
                flags.add(
                        new Flag(
                                FlagKind.CORRECTED,
                                level.label(),
                                m.text,
                                m.text
                                        + " does not fit the rest of the address; using "
                                        + replacement.name()));
                m.corrected = true;
            } else {
                flags.add(
                        new Flag(
                                FlagKind.CONFLICT,
                                level == null ? null : level.label(),
                                m.text,
                                m.text
                                        + " does not fit "
                                        + chosen.name()
                                        + " ("
                                        + chosen.code()
                                        + ") and was ignored"));
            }
            factor *= UNEXPLAINED_NAME_FACTOR;
        }
        return factor;
    }

    private MentionExplanation() {}
}
