package io.github.addrstd.standardize;

import io.github.addrstd.event.StandardizedAddress.AdminText;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.text.TextNormalizer;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the standardized {@code full} string from the address's own text. One rule changes the
 * text: the administrative prefix (the run of administrative names, form placeholders and
 * separators that starts at the first name) is replaced by the resolved chain's canonical names,
 * upper levels filled in. Everything else keeps its place: text before the prefix, and everything
 * after it, in the order written; a place with no unit of its own (台北市 in 台湾省) ends the prefix and
 * stays as written after the canonical names. Contacts are cut out, with the separators that only
 * set them off at either end of the address; the text is cleaned as {@link TextNormalizer#clean}
 * does.
 */
final class AddressRenderer {

    /**
     * Where an administrative name (or a form placeholder) was found.
     *
     * @param replaceable whether the canonical prefix accounts for its text: it names a unit of the
     *     chain, or it carries a flag (corrected, placeholder) that keeps what was written
     * @param names the chain unit it names, or null
     * @param placeWithin a place inside a unit of the chain that has no unit of its own (台北市 in
     *     台湾省): the canonical names go before it and its text stays
     */
    record AdminSpan(
            int start,
            int end,
            boolean replaceable,
            @Nullable AdminUnit names,
            boolean placeWithin) {

        static AdminSpan placeWithin(int start, int end) {
            return new AdminSpan(start, end, false, null, true);
        }
    }

    /** The rendered string and, when a prefix was replaced, what replaced what. */
    record Rendered(String full, @Nullable AdminText adminText) {}

    private AddressRenderer() {}

    static Rendered render(
            String text,
            List<AdminSpan> spans,
            Map<AdminLevel, AdminUnit> chain,
            List<Contact> contacts) {
        boolean[] cut = new boolean[text.length()];
        for (Contact c : contacts) {
            for (int i = c.start(); i < c.end(); i++) {
                cut[i] = true;
            }
        }
        cutSeparatorsLeftAtTheEdges(text, cut);
        List<AdminSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(AdminSpan::start));
        AdminSpan first = null;
        for (AdminSpan s : sorted) {
            if (s.names() != null || s.placeWithin()) {
                first = s;
                break;
            }
        }
        if (chain.isEmpty() || first == null) {
            return new Rendered(clean(text, 0, text.length(), cut), null);
        }
        // The prefix: from the first replaceable span before the first name of the chain, through
        // every
        // replaceable span that follows with only separators or cut text between.
        int runStart = first.start();
        for (AdminSpan s : sorted) {
            if (s.start() < first.start()
                    && s.replaceable()
                    && onlySeparators(text, s.end(), runStart, cut)) {
                runStart = Math.min(runStart, s.start());
            }
        }
        int runEnd = runStart;
        for (AdminSpan s : sorted) {
            if (s.end() <= runEnd || s.start() < runStart) {
                continue;
            }
            if (!s.replaceable() || !onlySeparators(text, runEnd, s.start(), cut)) {
                break;
            }
            runEnd = s.end();
        }
        final int from = runStart;
        final int to = runEnd;
        StringBuilder canonical = new StringBuilder();
        AdminUnit province = chain.get(AdminLevel.PROVINCE);
        for (AdminLevel level : AdminLevel.values()) {
            AdminUnit unit = chain.get(level);
            if (unit == null) {
                continue;
            }
            boolean writtenInPrefix = false;
            boolean writtenElsewhere = false;
            for (AdminSpan s : spans) {
                if (s.names() == unit) {
                    writtenInPrefix |= s.start() >= from && s.end() <= to;
                    writtenElsewhere |= s.start() >= to || s.end() <= from;
                }
            }
            if (writtenElsewhere && !writtenInPrefix) {
                continue; // a level written further on (a town after the road) stays where it was
                // written
            }
            boolean municipalityAgain =
                    level == AdminLevel.CITY
                            && province != null
                            && unit.name().equals(province.name());
            if (!municipalityAgain) {
                canonical.append(unit.name());
            }
        }
        String written = clean(text, from, to, cut);
        String full = clean(text, 0, from, cut) + canonical + clean(text, to, text.length(), cut);
        return new Rendered(full, new AdminText(written, canonical.toString()));
    }

    /**
     * Separators that only set a moved contact off from the address (the commas of 收货人：李四，电话：…，浙江…)
     * go with it: a run of separators and cut text at either end of the address that holds cut text
     * is cut whole.
     */
    static void cutSeparatorsLeftAtTheEdges(String text, boolean[] cut) {
        int head = 0;
        boolean headCut = false;
        while (head < text.length()
                && (cut[head] || !Character.isLetterOrDigit(text.charAt(head)))) {
            headCut |= cut[head++];
        }
        int tail = text.length();
        boolean tailCut = false;
        while (tail > head
                && (cut[tail - 1] || !Character.isLetterOrDigit(text.charAt(tail - 1)))) {
            tailCut |= cut[--tail];
        }
        if (headCut) {
            java.util.Arrays.fill(cut, 0, head, true);
        }
        if (tailCut) {
            java.util.Arrays.fill(cut, tail, text.length(), true);
        }
    }

    private static String clean(String text, int from, int to, boolean[] cut) {
        StringBuilder kept = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (!cut[i]) {
                kept.append(text.charAt(i));
            }
        }
        return TextNormalizer.clean(kept.toString());
    }

    /** Whether text[from, to) holds nothing but whitespace, punctuation and cut-out contacts. */
    private static boolean onlySeparators(String text, int from, int to, boolean[] cut) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!cut[i] && Character.isLetterOrDigit(c)) {
                return false;
            }
        }
        return true;
    }
}
