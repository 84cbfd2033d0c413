package io.github.addrstd.text;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labels of a form's fields, copied with their values out of a shop's delivery form or a chat
 * (收货人：, 手机号码：, 所在地区：, 详细地址：): not part of the address. Two kinds: the address field's own label at
 * the start of the text (地址, 收货地址, 详细地址), with a colon or a space after it, and any field's label
 * with a colon after it anywhere in the text. 地址 inside the address without either is left alone.
 */
public final class FormLabel {

    /** The address field's name: 地址, 住址信息. */
    private static final String ADDRESS = "(?:地址|住址)(?:信息)?";

    /** The words that can come before it: 收货地址, 详细地址. */
    private static final String ADDRESS_KINDS = "收货|收件|送货|邮寄|联系|通讯|通信|详细|家庭|所在|居住";

    private static final Pattern LEADING =
            Pattern.compile("(?:" + ADDRESS_KINDS + "|现)?" + ADDRESS + "(?:\\s*[:：]|\\s+)");

    /** Characters a leading label can begin with, checked before the pattern runs. */
    private static final String LEADING_STARTS = "收送邮联通详家所居现地住";

    /**
     * A form field's name and its colon. The names are those of delivery forms; a remark (备注) is
     * not among them: its text is not the address either, and {@link NonAddressText} cuts the two
     * together.
     */
    private static final Pattern FIELD =
            Pattern.compile(
                    "(?:(?:"
                            + ADDRESS_KINDS
                            + ")?"
                            + ADDRESS
                            + "|收货人|收件人|联系人|姓名|"
                            + ContactPatterns.PHONE_LABEL_WORDS
                            + "|所在地区|所在地|地区|省市区县?|省份|邮编|邮政编码)\\s*[:：]");

    private FormLabel() {}

    /** The {start, end} of a leading address label in {@code text}, or null. */
    @Nullable
    public static int[] leading(String text) {
        int start = 0;
        while (start < text.length() && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        if (start == text.length() || LEADING_STARTS.indexOf(text.charAt(start)) < 0) {
            return null;
        }
        Matcher m = LEADING.matcher(text).region(start, text.length());
        return m.lookingAt() ? new int[] {start, m.end()} : null;
    }

    /**
     * Every label in {@code text}: a leading address label, then the field labels with a colon
     * after the leading one; {start, end} each, in text order.
     */
    public static List<int[]> all(String text) {
        List<int[]> labels = new ArrayList<>();
        int[] first = leading(text);
        int from = 0;
        if (first != null) {
            labels.add(first);
            from = first[1];
        }
        if (text.indexOf(':', from) < 0 && text.indexOf('：', from) < 0) {
            return labels; // no field label without a colon
        }
        Matcher field = FIELD.matcher(text).region(from, text.length());
        while (field.find()) {
            labels.add(new int[] {field.start(), field.end()});
        }
        return labels;
    }
}
