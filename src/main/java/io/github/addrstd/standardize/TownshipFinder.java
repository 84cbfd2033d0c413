package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * The township of an address once its county is known: a township's full name anywhere in the text,
 * or a township written under the kind it has since left (玉潭镇 for 玉潭街道). Reads the scan {@link
 * MentionFinder} made of the address, and adds the township's mention.
 */
final class TownshipFinder {

    /** Township kinds a township may have changed between (撤镇设街道, 撤乡设镇). */
    private static final List<String> TOWNSHIP_KINDS = List.of("街道", "镇", "乡");

    private final Gazetteer gazetteer;

    TownshipFinder(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    /**
     * Looks for the full name of a township of {@code unit} anywhere in the text: once the county
     * is known, a township name is specific enough to be trusted even after a road or POI
     * (中新天津生态城).
     */
    AdminUnit findWithin(
            String matchable, List<NameScanner.Hit> hits, AdminUnit unit, List<Mention> mentions) {
        if (unit.level() == AdminLevel.PROVINCE) {
            return unit;
        }
        for (NameScanner.Hit hit : hits) {
            for (Gazetteer.NameMatch nm : gazetteer.lookup(hit.name())) {
                AdminUnit town = nm.unit();
                if (town.level() == AdminLevel.TOWN
                        && !nm.shortForm()
                        && town.parent() != null
                        && town.parent().isWithin(unit)
                        && town.parent().level().ordinal() >= unit.level().ordinal()
                        && (unit.level() == AdminLevel.DISTRICT || town.parent() == unit)) {
                    int start = hit.start();
                    int end = hit.end();
                    mentions.add(
                            new Mention(
                                    start,
                                    end,
                                    matchable.substring(start, end),
                                    AdminLevel.TOWN,
                                    List.of(nm)));
                    return town;
                }
            }
        }
        AdminUnit converted = townConvertedSinceWriting(matchable, unit, mentions);
        return converted != null ? converted : unit;
    }

    /**
     * A township written under a kind it has since left (玉潭镇, 玉潭街道 since 宁乡县 became a city; 下关镇,
     * now 下关街道): where the text holds a stem and a township kind, and the stem with another kind
     * names exactly one township of {@code unit}, that is the township, and the text a former name
     * of it. Only once the county is known, and only its own townships.
     */
    /** The townships of {@code unit} named {@code stem} with a kind other than {@code kind}. */
    private List<AdminUnit> townshipsUnderAnotherKind(String stem, String kind, AdminUnit unit) {
        List<AdminUnit> townships = new ArrayList<>(1);
        for (String other : TOWNSHIP_KINDS) {
            if (other.equals(kind)) {
                continue;
            }
            for (Gazetteer.NameMatch nm : gazetteer.lookup(stem + other)) {
                if (!nm.shortForm() && nm.unit().parent() == unit) {
                    townships.add(nm.unit());
                }
            }
        }
        return townships;
    }

    private @Nullable AdminUnit townConvertedSinceWriting(
            String text, AdminUnit unit, List<Mention> mentions) {
        if (unit.level() != AdminLevel.DISTRICT) {
            return null;
        }
        AdminUnit found = null;
        int start = 0;
        int end = 0;
        for (String kind : TOWNSHIP_KINDS) {
            for (int at = text.indexOf(kind, 2); at >= 0; at = text.indexOf(kind, at + 1)) {
                for (int length = 1; length <= 4 && length <= at; length++) {
                    char first = text.charAt(at - length);
                    if (Character.UnicodeScript.of(first) != Character.UnicodeScript.HAN
                            || MentionFinder.ENDS_A_WORD.indexOf(first) >= 0) {
                        break; // 宁波市镇海区: 市 ends the stem before 镇 can be a township's
                    }
                    if (length == 1) {
                        continue;
                    }
                    for (AdminUnit township :
                            townshipsUnderAnotherKind(
                                    text.substring(at - length, at), kind, unit)) {
                        if (found != null && found != township) {
                            return null; // two townships: no choice
                        }
                        if (found == null || at - length < start) {
                            start = at - length; // the first place it is written
                            end = at + kind.length();
                        }
                        found = township;
                    }
                }
            }
        }
        if (found == null) {
            return null;
        }
        int from = start;
        int to = end;
        mentions.removeIf(m -> m.start < to && from < m.end);
        mentions.add(
                new Mention(
                        start,
                        end,
                        text.substring(start, end),
                        AdminLevel.TOWN,
                        List.of(
                                new Gazetteer.NameMatch(
                                        found, false, text.substring(start, end), 0))));
        return found;
    }
}
