package io.github.addrstd.text;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How contact details are written into an address field: phone numbers (mobile, or a landline with
 * its area code and a dash), optionally after a label (电话, 手机号码), and recipients after a label
 * (收件人, 联系人) or with a form of address (王先生). Patterns accept full-width digits too.
 */
public final class ContactPatterns {

    public static final String DIGIT = "[0-9０-９]";

    /** The Chinese words that label a phone number (电话, 手机号码, 联系方式); form fields too. */
    static final String PHONE_LABEL_WORDS = "(?:联系|固定)?电话(?:号码)?|手机(?:号码?)?|联系方式";

    private static final String PHONE_LABEL = "(?:" + PHONE_LABEL_WORDS + "|tel|TEL|Tel)[:：]?\\s*";

    /**
     * A mobile number (+86 optional; 13800138000, 138-0013-8000, 138 0013 8000) or a landline with
     * a dashed area code and an optional extension (0571-88888888 转 123), not inside a longer digit
     * run, with its label if it has one.
     */
    public static final Pattern PHONE =
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

    /**
     * A labelled recipient: 收件人张三, 联系人：李四; group 1 is the name. Not a field's label that begins the
     * same way (收件地址：, 收货人电话).
     */
    public static final Pattern LABELLED_RECIPIENT =
            Pattern.compile("(?:收件人|收货人|联系人|收件|姓名)[:：]?\\s*(?!地址|住址|电话|手机|地区|信息)(\\p{IsHan}{2,4})");

    /** A name with a form of address: 王先生, 李女士 (delimited, so 李先生路 is not one); group 1. */
    public static final Pattern TITLED_RECIPIENT =
            Pattern.compile("(?<![\\p{IsHan}])(\\p{IsHan}{1,2}(?:先生|女士|小姐))(?![\\p{IsHan}])");

    /** Words of a form or a message that stand where a name would (地址：…, 电话 …), never names. */
    public static final Set<String> NOT_NAMES =
            Set.of("地址", "住址", "电话", "手机", "邮编", "姓名", "收件", "收货", "联系", "备注", "电联");

    /** Endings that make a short token an address element, not a name (西湖区, 中山路, 3号). */
    public static final Pattern ADDRESS_ENDING =
            Pattern.compile("[省市区县州盟旗镇乡村路街道巷弄号楼栋幢座室层院园城苑府场站店厂]$");

    private ContactPatterns() {}

    /**
     * Whether text[from, to) is at most three characters of whitespace and separators (or nothing):
     * what stands between a name and the phone number written beside it.
     */
    public static boolean onlySeparators(String text, int from, int to) {
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
    public static boolean hasDigits(String text, int n) {
        int count = 0;
        for (int i = 0; i < text.length() && count < n; i++) {
            char c = text.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= '０' && c <= '９')) {
                count++;
            }
        }
        return count >= n;
    }
}
