package io.github.addrstd.event;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * The standardized form of one address.
 *
 * @param province canonical province with code, null when unknown
 * @param city canonical prefecture-level city (for municipalities the municipality itself), null
 *     when unknown or when the county is directly administered by the province
 * @param district canonical county-level unit, null when unknown
 * @param town canonical township-level unit, null when unknown
 * @param details finer elements, cleaned, keyed by {@code road, roadNumber, intersection, poi,
 *     subPoi, building, unit, floor, room, community, villageGroup, devZone, assist, distance}
 * @param full the address with its administrative prefix in canonical form: the text before the
 *     first administrative name, the canonical names of the resolved chain (levels written further
 *     on stay where they were written), then the rest of the text in its own order.
 *     NFKC-normalized, traditional characters simplified, ASCII letters upper-cased, whitespace and
 *     contacts removed; nothing else is dropped or reordered
 * @param adminText the written administrative prefix and the canonical text that replaced it in
 *     {@code full}; null when the address names no administrative unit at its start
 * @param contacts phone numbers and recipient names found in the text, moved out of {@code full}
 * @param flags what was filled in, corrected, renamed, ambiguous or conflicting
 * @param confidence in [0, 1]
 * @param degraded true when the model was unavailable and only the gazetteer was used
 */
public record StandardizedAddress(
        @Nullable Unit province,
        @Nullable Unit city,
        @Nullable Unit district,
        @Nullable Unit town,
        Map<String, String> details,
        String full,
        @Nullable AdminText adminText,
        List<Contact> contacts,
        List<Flag> flags,
        double confidence,
        boolean degraded) {

    /** An administrative unit in the output: its code and canonical name. */
    public record Unit(String code, String name) {}

    /**
     * The administrative prefix as written (cleaned, as it appears in the normalized text) and the
     * canonical names that replace it in {@code full}.
     */
    public record AdminText(String written, String canonical) {}

    /** What a {@link Contact} is. */
    public enum ContactKind {
        PHONE,
        RECIPIENT
    }

    /**
     * A phone number or recipient name written into the address.
     *
     * @param kind phone or recipient
     * @param text the span as written, label included (电话：138...)
     * @param value the number's digits, or the name
     * @param start start index in the raw text, UTF-16 code units
     * @param end end index (exclusive) in the raw text
     */
    public record Contact(ContactKind kind, String text, String value, int start, int end) {}

    /**
     * One remark about the standardization.
     *
     * @param kind what happened
     * @param level the level concerned ({@code province, city, district, town}), or null
     * @param written the text as the user wrote it, or null
     * @param detail a readable explanation
     */
    public record Flag(
            FlagKind kind, @Nullable String level, @Nullable String written, String detail) {}

    /** The kinds of {@link Flag}. */
    public enum FlagKind {
        /** A level the address did not name was filled in from the gazetteer. */
        FILLED,
        /** A former name (renamed, merged or abolished unit) was mapped to today's unit. */
        RENAMED,
        /** A written name contradicted the resolved chain at its own level and was replaced. */
        CORRECTED,
        /**
         * A written name fits no unit of the resolved chain: it was not used, and stays in {@code
         * full} as written.
         */
        CONFLICT,
        /**
         * A name fits several units and nothing in the address decides; the level is left empty.
         */
        AMBIGUOUS,
        /**
         * A placeholder from a form (市辖区, 县, 省直辖县级行政区划), or the label of the address field itself
         * (地址：, 收货地址:), was ignored.
         */
        PLACEHOLDER,
        /** The model was unavailable; only the administrative levels were standardized. */
        DEGRADED,
        /** No administrative unit could be found. */
        NO_ADMIN_UNIT,
        /** The address was longer than the model's input and its tail was not tagged. */
        TRUNCATED,
        /** A phone number or recipient name was moved out of the address into {@code contacts}. */
        CONTACT_MOVED
    }

    /** Whether anything usable came out: an administrative unit or a finer element. */
    public boolean resolvedAnything() {
        return province != null
                || city != null
                || district != null
                || town != null
                || !details.isEmpty();
    }
}
