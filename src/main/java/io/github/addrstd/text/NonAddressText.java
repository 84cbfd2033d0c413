package io.github.addrstd.text;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the text in an address field that is certainly not the address: phone numbers and labelled
 * or titled recipients with their labels ({@link ContactPatterns}), form labels ({@link
 * FormLabel}), remarks (备注：放门口, up to the next field label), and a bare name beside a phone number
 * that is no place ({@link PlaceNames}) where it cannot be the address's first or last word: at the
 * text's start or end with the phone number between it and the address (张三 138… 浙江…, …1号 138… 张三),
 * written with 收 ("for": …1号 张三收 138…), or, when the place names are known, between a leading phone
 * number and the address (138… 张三 浙江…). A word between the address and a trailing phone number (…1号
 * 沃尔玛 138…) may be a shop as well as a person and stays, as does every name beside the address when
 * the place names are not known (138… 杭州 西湖区); the standardizer, with the gazetteer, still moves
 * such names to the contacts.
 */
public final class NonAddressText {

    /** A short name between separators, and 收 ("for") if written after it. */
    private static final Pattern BARE_NAME =
            Pattern.compile(
                    "(?<![\\p{IsHan}\\p{Alnum}])(\\p{IsHan}{2,3}?)(收)?(?![\\p{IsHan}\\p{Alnum}])");

    /** A remark's label (备注：放门口): its text runs to the next field's label or the end. */
    private static final Pattern REMARK = Pattern.compile("(?:备注|留言)(?:信息)?\\s*[:：]");

    private NonAddressText() {}

    /**
     * The spans of an address field, {start, end} each, sorted and merged where they touch or
     * overlap, with the separators beside them (see {@link #widened}).
     *
     * @param text the field folded by {@link TextNormalizer#forMatching} (full-width and
     *     traditional characters as the patterns write them: 電話：１３８… as 电话:138…), whose offsets are
     *     the written text's
     */
    public static List<int[]> spans(String text, PlaceNames places) {
        // Cheap checks first: most addresses hold none of it, and this runs on every record.
        boolean mayHavePhone = ContactPatterns.hasDigits(text, 7);
        boolean mayHaveLabel =
                text.indexOf(':') >= 0
                        || text.indexOf('：') >= 0
                        || text.contains("收")
                        || text.contains("联系")
                        || text.contains("姓名")
                        || text.contains("地址")
                        || text.contains("住址");
        boolean mayHaveTitle = text.contains("先生") || text.contains("女士") || text.contains("小姐");
        if (!mayHavePhone && !mayHaveLabel && !mayHaveTitle) {
            return List.of();
        }
        List<int[]> spans = new ArrayList<>();
        List<int[]> phones = new ArrayList<>();
        if (mayHavePhone) {
            Matcher phone = ContactPatterns.PHONE.matcher(text);
            while (phone.find()) {
                phones.add(new int[] {phone.start(), phone.end()});
            }
            spans.addAll(phones);
        }
        if (mayHaveLabel) {
            Matcher labelled = ContactPatterns.LABELLED_RECIPIENT.matcher(text);
            while (labelled.find()) {
                int end = labelled.end();
                boolean delimited = end == text.length() || !isHan(text.charAt(end));
                if (delimited) {
                    spans.add(new int[] {labelled.start(), end});
                }
            }
            List<int[]> labels = FormLabel.all(text);
            spans.addAll(labels);
            spans.addAll(remarks(text, labels));
        }
        if (mayHaveTitle) {
            Matcher titled = ContactPatterns.TITLED_RECIPIENT.matcher(text);
            while (titled.find()) {
                spans.add(new int[] {titled.start(1), titled.end(1)});
            }
        }
        if (!phones.isEmpty()) {
            spans.addAll(bareNames(text, phones, merged(spans), places));
        }
        // Twice: brackets around spans that only touch once widened (（张三，138…）) go the second time.
        return widened(text, widened(text, merged(spans)));
    }

    /**
     * The spans with the separators beside them: all of them towards the text's ends and between
     * two spans, and where a span stands between two parts of the text, those after it but not
     * those before it, so that one separator still stands between the parts (张三，138…，海宁 reads 张三，海宁
     * to the model, not 张三海宁). Brackets a span fills go with it.
     */
    private static List<int[]> widened(String text, List<int[]> spans) {
        for (int[] span : spans) {
            while (true) {
                int left = span[0];
                while (left > 0 && FieldPunctuation.isSeparator(text.charAt(left - 1))) {
                    left--;
                }
                int right = span[1];
                while (right < text.length() && FieldPunctuation.isSeparator(text.charAt(right))) {
                    right++;
                }
                char closing = left > 0 ? FieldPunctuation.closingOf(text.charAt(left - 1)) : 0;
                if (closing != 0 && right < text.length() && text.charAt(right) == closing) {
                    span[0] = left - 1;
                    span[1] = right + 1;
                    continue;
                }
                span[1] = right;
                if (left == 0 || right == text.length()) {
                    span[0] = left;
                }
                break;
            }
        }
        return merged(spans);
    }

    /** Each remark with its text, up to the next field label or the text's end. */
    private static List<int[]> remarks(String text, List<int[]> labels) {
        List<int[]> remarks = new ArrayList<>();
        Matcher remark = REMARK.matcher(text);
        while (remark.find()) {
            int end = text.length();
            for (int[] label : labels) {
                if (label[0] >= remark.end()) {
                    end = Math.min(end, label[0]);
                }
            }
            remarks.add(new int[] {remark.start(), end});
        }
        return remarks;
    }

    /** The bare names beside {@code phones} that are recipients (class comment). */
    private static List<int[]> bareNames(
            String text, List<int[]> phones, List<int[]> found, PlaceNames places) {
        List<int[]> names = new ArrayList<>();
        Matcher bare = BARE_NAME.matcher(text);
        while (bare.find()) {
            String name = bare.group(1);
            int start = bare.start();
            int end = bare.end();
            if (ContactPatterns.NOT_NAMES.contains(name)
                    || ContactPatterns.ADDRESS_ENDING.matcher(name).find()
                    || places.isPlaceName(name)) {
                continue;
            }
            boolean phoneAfter =
                    phones.stream().anyMatch(p -> ContactPatterns.onlySeparators(text, end, p[0]));
            boolean phoneBefore =
                    phones.stream()
                            .anyMatch(p -> ContactPatterns.onlySeparators(text, p[1], start));
            boolean atStart = atLeftEdge(text, start, found);
            boolean atEnd = atRightEdge(text, end, found);
            boolean recipient =
                    (phoneAfter && atStart)
                            || (phoneBefore && atEnd)
                            || ((phoneAfter || phoneBefore) && bare.group(2) != null)
                            || (phoneBefore
                                    && places.known()
                                    && phoneAtLeftEdge(text, start, phones, found));
            if (recipient) {
                names.add(new int[] {start, end});
            }
        }
        return names;
    }

    /**
     * Whether only separators and {@code hidden} spans stand between {@code at} and the text's
     * start, or an opening bracket (the name heads a bracketed contact: …（张三，138…）).
     */
    private static boolean atLeftEdge(String text, int at, List<int[]> hidden) {
        int i = at;
        while (i > 0) {
            int[] span = containing(hidden, i - 1);
            if (span != null) {
                i = span[0];
            } else if (FieldPunctuation.isSeparator(text.charAt(i - 1))) {
                i--;
            } else {
                return FieldPunctuation.isOpening(text.charAt(i - 1));
            }
        }
        return true;
    }

    /** As {@link #atLeftEdge}, towards the text's end or a closing bracket. */
    private static boolean atRightEdge(String text, int at, List<int[]> hidden) {
        int i = at;
        while (i < text.length()) {
            int[] span = containing(hidden, i);
            if (span != null) {
                i = span[1];
            } else if (FieldPunctuation.isSeparator(text.charAt(i))) {
                i++;
            } else {
                return FieldPunctuation.isClosing(text.charAt(i));
            }
        }
        return true;
    }

    /** Whether the phone number just before {@code nameStart} stands at the text's start. */
    private static boolean phoneAtLeftEdge(
            String text, int nameStart, List<int[]> phones, List<int[]> hidden) {
        for (int[] p : phones) {
            if (ContactPatterns.onlySeparators(text, p[1], nameStart)
                    && atLeftEdge(text, p[0], hidden)) {
                return true;
            }
        }
        return false;
    }

    @Nullable
    private static int[] containing(List<int[]> spans, int at) {
        for (int[] span : spans) {
            if (span[0] <= at && at < span[1]) {
                return span;
            }
        }
        return null;
    }

    /** {@code text} with the {@code spans} turned to spaces, its offsets unchanged. */
    public static String blankedOut(String text, List<int[]> spans) {
        char[] chars = text.toCharArray();
        for (int[] span : spans) {
            for (int i = span[0]; i < span[1]; i++) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    private static List<int[]> merged(List<int[]> spans) {
        spans.sort(Comparator.comparingInt(s -> s[0]));
        List<int[]> out = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                out.add(new int[] {span[0], span[1]});
            }
        }
        return out;
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
