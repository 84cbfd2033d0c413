package io.github.addrstd.standardize;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.ElementType;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.text.TextNormalizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The finer elements of the output ({@code details}: road, road number, POI, building, unit, floor,
 * room, ...), keyed as the element-type registry says, from the model's spans after the
 * administrative prefix; a room number the model left untagged after a building, unit or floor.
 */
final class DetailExtractor {

    /** Output keys of the finer elements, by element type. */
    private static final Map<String, String> DETAIL_KEYS = new LinkedHashMap<>();

    static {
        for (ElementType type : ElementType.all()) {
            if (type.detailKey() != null) {
                DETAIL_KEYS.put(type.name(), type.detailKey());
            }
        }
    }

    /** A room number after the last tagged element: 1203室, 1203, B-502. */
    private static final Pattern ROOM =
            Pattern.compile("^[\\s,，、\\-—#]*([A-Za-z]?-?\\d{2,5}[A-Za-z]?)\\s*(室|房|号房|号)?");

    /**
     * The finer elements; text before {@code adminPrefixEnd} was read as administrative names, and
     * so was an element the chain's names account for (浙江杭州, which the model tagged a POI: it is in
     * the canonical prefix, not a detail).
     */
    static Map<String, String> details(
            String text,
            List<AddressElement> elements,
            int adminPrefixEnd,
            List<Contact> contacts,
            List<Mention> mentions) {
        Map<String, String> details = new LinkedHashMap<>();
        int lastEnd = 0;
        int read = 0;
        for (AddressElement e : elements) {
            if (AdminLevel.ofElementType(e.type()) == null && explainedNamesCover(e, mentions)) {
                continue;
            }
            read++;
            lastEnd = Math.max(lastEnd, e.end());
            if (contacts.stream().anyMatch(c -> c.start() <= e.start() && e.end() <= c.end())) {
                continue; // a phone number the model took for a room number
            }
            String key = DETAIL_KEYS.get(e.type());
            if (key != null && e.end() > adminPrefixEnd) {
                String value =
                        TextNormalizer.clean(
                                text.substring(Math.max(e.start(), adminPrefixEnd), e.end()));
                if (!value.isEmpty()) {
                    details.merge(key, value, (a, b) -> a + b);
                }
            }
        }
        if (read > 0 && !details.containsKey("room")) {
            Matcher room = ROOM.matcher(text.substring(lastEnd));
            if (room.find()
                    && details.containsKey("building")
                            | details.containsKey("unit")
                            | details.containsKey("floor")) {
                details.put(
                        "room",
                        TextNormalizer.clean(room.group(1))
                                + (room.group(2) == null
                                        ? "室"
                                        : room.group(2).equals("号") ? "室" : room.group(2)));
            }
        }
        return details;
    }

    private static boolean explainedNamesCover(AddressElement e, List<Mention> mentions) {
        int covered = e.start();
        boolean progress = true;
        while (covered < e.end() && progress) {
            progress = false;
            for (Mention m : mentions) {
                if (m.explainedBy != null && m.start <= covered && covered < m.end) {
                    covered = m.end;
                    progress = true;
                }
            }
        }
        return covered >= e.end();
    }

    private DetailExtractor() {}
}
