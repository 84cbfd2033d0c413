package io.github.addrstd.standardize;

import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.event.StandardizedAddress.ContactKind;
import io.github.addrstd.text.ContactPatterns;
import io.github.addrstd.text.TextNormalizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds contact details that senders write into the address field: phone numbers, recipients after
 * a label or with a form of address ({@link ContactPatterns}), and a short name written right next
 * to a phone number, which only the gazetteer tells from a place name. They are not part of the
 * address: the standardizer moves them to their own field and out of {@code full}.
 *
 * <p>Offsets, texts and values are the text's as written; the patterns read its folded form.
 */
final class ContactFinder {

    /** A bare name of two or three characters between separators. */
    private static final Pattern BARE_NAME =
            Pattern.compile(
                    "(?<![\\p{IsHan}\\p{Alnum}])(\\p{IsHan}{2,3})(?![\\p{IsHan}\\p{Alnum}])");

    private final Gazetteer gazetteer;

    ContactFinder(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    /**
     * Contact spans in text order, not overlapping; their text and values as written. The patterns
     * read {@code text}, the written text folded by {@link TextNormalizer#forMatching} (電話：１３８… as
     * 电话:138…), whose offsets are the written text's.
     */
    List<Contact> find(String written, String text) {
        // Cheap checks first: most addresses hold no contact at all, and the standardizer is per
        // record.
        boolean mayHavePhone = ContactPatterns.hasDigits(text, 7);
        boolean mayHaveLabel = text.contains("收") || text.contains("联系") || text.contains("姓名");
        boolean mayHaveTitle = text.contains("先生") || text.contains("女士") || text.contains("小姐");
        if (!mayHavePhone && !mayHaveLabel && !mayHaveTitle) {
            return List.of();
        }
        List<Contact> found = new ArrayList<>();
        Matcher phone = ContactPatterns.PHONE.matcher(text);
        while (mayHavePhone && phone.find()) {
            String phoneText = written.substring(phone.start(), phone.end());
            found.add(
                    new Contact(
                            ContactKind.PHONE,
                            phoneText,
                            digits(phoneText),
                            phone.start(),
                            phone.end()));
        }
        Matcher labelled = ContactPatterns.LABELLED_RECIPIENT.matcher(text);
        while (mayHaveLabel && labelled.find()) {
            if (!isPlaceName(labelled.group(1))) {
                addIfFree(
                        found,
                        new Contact(
                                ContactKind.RECIPIENT,
                                written.substring(labelled.start(), labelled.end()),
                                written.substring(labelled.start(1), labelled.end(1)),
                                labelled.start(),
                                labelled.end()));
            }
        }
        Matcher titled = ContactPatterns.TITLED_RECIPIENT.matcher(text);
        while (mayHaveTitle && titled.find()) {
            String name = written.substring(titled.start(1), titled.end(1));
            addIfFree(
                    found,
                    new Contact(ContactKind.RECIPIENT, name, name, titled.start(1), titled.end(1)));
        }
        // A bare name counts only right next to a phone number: 张三 13800138000, 13800138000 张三.
        List<Contact> phones = found.stream().filter(c -> c.kind() == ContactKind.PHONE).toList();
        Matcher bare = BARE_NAME.matcher(text);
        while (!phones.isEmpty() && bare.find()) {
            String name = bare.group(1);
            int start = bare.start(1);
            int end = bare.end(1);
            boolean besidePhone =
                    phones.stream()
                            .anyMatch(
                                    p ->
                                            ContactPatterns.onlySeparators(text, end, p.start())
                                                    || ContactPatterns.onlySeparators(
                                                            text, p.end(), start));
            if (besidePhone
                    && !ContactPatterns.NOT_NAMES.contains(name)
                    && !ContactPatterns.ADDRESS_ENDING.matcher(name).find()
                    && !isPlaceName(name)) {
                // 张三收: the name, and 收 ("for") written after it
                String asWritten = written.substring(start, end);
                String value =
                        name.length() == 3 && name.endsWith("收")
                                ? asWritten.substring(0, 2)
                                : asWritten;
                addIfFree(found, new Contact(ContactKind.RECIPIENT, asWritten, value, start, end));
            }
        }
        found.sort(Comparator.comparingInt(Contact::start));
        return List.copyOf(found);
    }

    private boolean isPlaceName(String name) {
        return !gazetteer.lookup(TextNormalizer.clean(name)).isEmpty();
    }

    private static void addIfFree(List<Contact> found, Contact candidate) {
        if (found.stream()
                .noneMatch(c -> c.start() < candidate.end() && candidate.start() < c.end())) {
            found.add(candidate);
        }
    }

    private static String digits(String s) {
        StringBuilder out = new StringBuilder();
        String nfkc = TextNormalizer.clean(s);
        for (int i = 0; i < nfkc.length(); i++) {
            char c = nfkc.charAt(i);
            if ((c >= '0' && c <= '9') || c == '-' || c == '转' || (c == '+' && out.isEmpty())) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
