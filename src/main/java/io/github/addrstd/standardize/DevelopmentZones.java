package io.github.addrstd.standardize;

import io.github.addrstd.event.AddressElement;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The development zones and new areas of one address. Zones are usually named after their city or
 * county (东湖高新区, 江北新区, 杭州经济技术开发区), so a place name that qualifies one is evidence only where it
 * fits, not a claim that the address lies in the unit it names; the names inside a zone span the
 * model tagged are the zone's own (经济技术开发区 of 亦庄经济技术开发区).
 */
final class DevelopmentZones {

    /** After a name, these make it the qualifier of a development zone or new area. */
    private static final List<String> ZONE_WORDS =
            List.of("高新", "经济技术开发", "经济开发", "开发区", "工业园", "科技园", "产业园", "保税", "新区", "新城");

    /** The first characters of {@link #ZONE_WORDS}: most names are followed by none of them. */
    private static final String ZONE_WORD_STARTS = FirstCharacters.of(ZONE_WORDS);

    /** The model's development-zone spans ({start, end}). */
    private final List<int[]> spans = new ArrayList<>(1);

    /** Whether a zone word follows the name that ends at {@code nameEnd}. */
    static boolean qualifiesAZone(String text, int nameEnd) {
        if (nameEnd >= text.length() || ZONE_WORD_STARTS.indexOf(text.charAt(nameEnd)) < 0) {
            return false;
        }
        for (String word : ZONE_WORDS) {
            if (text.startsWith(word, nameEnd)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a development-zone span of the model. */
    void add(AddressElement zone) {
        spans.add(new int[] {zone.start(), zone.end()});
    }

    /** Whether {@code at} lies inside one of the model's development-zone spans, past its start. */
    boolean inside(int at) {
        for (int[] span : spans) {
            if (span[0] < at && at < span[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * A development zone that is a county-level unit named after its city, written with the city's
     * 市 (苏州市工业园区 for 苏州工业园区): the whole span names the unit.
     */
    static @Nullable Mention namedAfterItsCity(
            String text, AddressElement zone, Function<String, List<Gazetteer.NameMatch>> lookup) {
        String span = text.substring(zone.start(), zone.end());
        int shared = span.indexOf('市');
        if (shared < 2) {
            return null;
        }
        List<Gazetteer.NameMatch> named =
                lookup.apply(span.substring(0, shared) + span.substring(shared + 1));
        return named.stream().anyMatch(nm -> nm.unit().level() == AdminLevel.DISTRICT)
                ? new Mention(zone.start(), zone.end(), zone.text(), AdminLevel.DISTRICT, named)
                : null;
    }
}
