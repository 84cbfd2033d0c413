package io.github.addrstd.standardize;

import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.event.StandardizedAddress.ContactKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds contact details that senders write into the address field: phone numbers (mobile, or a
 * landline with its area code and a dash), optionally after a label (电话, 手机), and a recipient's
 * name after a label (收件人, 联系人) or as a short name written right next to a phone number. They are
 * not part of the address: the standardizer moves them to their own field and out of {@code full}.
 *
 * <p>Runs on the text as written (offsets are the raw text's); patterns accept full-width digits
 * too.
 */
final class ContactFinder {

    private static final String DIGIT = "[0-9０-９]";
    private static final String PHONE_LABEL = "(?:(?:联系)?电话|手机号?|联系方式|tel|TEL|Tel)[:：]?\\s*";

    /**
     * A mobile number (+86 optional; 13800138000, 138-0013-8000, 138 0013 8000) or a landline with
     * a dashed area code and an optional extension (0571-88888888 转 123), not inside a longer digit
     * run.
     */
    private static final Pattern PHONE =
            Pattern.compile(
                    "(?:"
                            + PHONE_LABEL
                            + ")?"
                            + "(?<!"
                            + DIGIT
                            + ")(?:(?:\\+?86[- ]?)?[1１][3-9３-９]"
                            + DIGIT
                            + "(?:[- ]?"
                            + DIGIT
                            + "{4}){2}"
                            + "|[0０]"
                            + DIGIT
                            + "{2,3}[-－—]"
                            + DIGIT
                            + "{7,8}(?:\\s*转\\s*"
                            + DIGIT
                            + "{1,5})?)(?!"
                            + DIGIT
                            + ")");

    /** A labelled recipient: 收件人张三, 联系人：李四. */
    private static final Pattern LABELLED_RECIPIENT =
            Pattern.compile("(?:收件人|收货人|联系人|收件|姓名)[:：]?\\s*(\\p{IsHan}{2,4})");

    /** A name with a form of address: 王先生, 李女士 (delimited, so 李先生路 is not one). */
    private static final Pattern TITLED_RECIPIENT =
            Pattern.compile("(?<![\\p{IsHan}])(\\p{IsHan}{1,2}(?:先生|女士|小姐))(?![\\p{IsHan}])");

    /** A bare name of two or three characters between separators. */
    private static final Pattern BARE_NAME =
            Pattern.compile(
                    "(?<![\\p{IsHan}\\p{Alnum}])(\\p{IsHan}{2,3})(?![\\p{IsHan}\\p{Alnum}])");

    /** Words of a form or a message that stand where a name would (地址：…, 电话 …), never names. */
    private static final Set<String> NOT_NAMES =
            Set.of("地址", "住址", "电话", "手机", "邮编", "姓名", "收件", "收货", "联系", "备注", "电联");

    /** Endings that make a short token an address element, not a name (西湖区, 中山路, 3号). */
    private static final Pattern ADDRESS_ENDING =
            Pattern.compile("[省市区县州盟旗镇乡村路街道巷弄号楼栋幢座室层院园城苑府场站店厂]$");

    private final Gazetteer gazetteer;

    ContactFinder(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
    }

    /** Contact spans in text order, not overlapping. */
    List<Contact> find(String text) {
        // Cheap checks first: most addresses hold no contact at all, and the standardizer is per
        // record.
        boolean mayHavePhone = hasDigits(text, 7);
        boolean mayHaveLabel = text.contains("收") || text.contains("联系") || text.contains("姓名");
        boolean mayHaveTitle = text.contains("先生") || text.contains("女士") || text.contains("小姐");
        if (!mayHavePhone && !mayHaveLabel && !mayHaveTitle) {
            return List.of();
        }
        List<Contact> found = new ArrayList<>();
        Matcher phone = PHONE.matcher(text);
        while (mayHavePhone && phone.find()) {
            found.add(
                    new Contact(
                            ContactKind.PHONE,
                            phone.group(),
                            digits(phone.group()),
                            phone.start(),
                            phone.end()));
        }
        Matcher labelled = LABELLED_RECIPIENT.matcher(text);
        while (mayHaveLabel && labelled.find()) {
            if (!isPlaceName(labelled.group(1))) {
                addIfFree(
                        found,
                        new Contact(
                                ContactKind.RECIPIENT,
                                labelled.group(),
                                labelled.group(1),
                                labelled.start(),
                                labelled.end()));
            }
        }
        Matcher titled = TITLED_RECIPIENT.matcher(text);
        while (mayHaveTitle && titled.find()) {
            addIfFree(
                    found,
                    new Contact(
                            ContactKind.RECIPIENT,
                            titled.group(1),
                            titled.group(1),
                            titled.start(1),
                            titled.end(1)));
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
                                            onlySeparators(text, end, p.start())
                                                    || onlySeparators(text, p.end(), start));
            if (besidePhone
                    && !NOT_NAMES.contains(name)
                    && !ADDRESS_ENDING.matcher(name).find()
                    && !isPlaceName(name)) {
                // 张三收: the name, and 收 ("for") written after it
                String value =
                        name.length() == 3 && name.endsWith("收") ? name.substring(0, 2) : name;
                addIfFree(found, new Contact(ContactKind.RECIPIENT, name, value, start, end));
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

    /**
     * Whether text[from, to) is at most three characters of whitespace and separators (or nothing).
     */
    private static boolean onlySeparators(String text, int from, int to) {
        if (from > to || to - from > 3) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && "，,、;；:：/".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} holds at least {@code n} digits (ASCII or full-width). */
    private static boolean hasDigits(String text, int n) {
        int count = 0;
        for (int i = 0; i < text.length() && count < n; i++) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= '０' && c <= '９')) {
                count++;
            }
        }
        return count >= n;
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
