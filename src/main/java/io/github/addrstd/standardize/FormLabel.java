package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The label of the address field itself, copied with its value out of a form or a chat (地址：, 收货地址:,
 * 详细地址 ): not part of the address. Only at its start (after any separators, and after contacts
 * already cut out), and only with a colon or a space after it, so that 地址 inside the address is
 * left alone.
 */
final class FormLabel {

    private static final Pattern LABEL =
            Pattern.compile(
                    "(?:收货|收件|送货|邮寄|联系|通讯|通信|详细|家庭|所在|居住|现)?(?:地址|住址)(?:信息)?"
                            + "(?:\\s*[:：]|\\s+)");

    /** Characters a label can begin with, checked before the pattern runs. */
    private static final String LABEL_STARTS = "收送邮联通详家所居现地住";

    private FormLabel() {}

    /** The {start, end} of a leading label in {@code text}, or null. */
    @Nullable
    static int[] leading(String text) {
        int start = 0;
        while (start < text.length() && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        if (start == text.length() || LABEL_STARTS.indexOf(text.charAt(start)) < 0) {
            return null;
        }
        Matcher m = LABEL.matcher(text).region(start, text.length());
        return m.lookingAt() ? new int[] {start, m.end()} : null;
    }
}
