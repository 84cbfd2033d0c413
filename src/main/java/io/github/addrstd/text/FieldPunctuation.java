package io.github.addrstd.text;

/**
 * The punctuation that sets parts of an address field apart (张三，138…；地址：…, 【浙江省】/杭州市): never part
 * of an element's edge, and cut out with the text it sets apart.
 */
public final class FieldPunctuation {

    private static final String SEPARATORS = "，,；;、:：|/";
    private static final String OPENING = "（(【[《「";
    private static final String CLOSING = "）)】]》」";

    private FieldPunctuation() {}

    /** Whitespace, or a separator between a form's fields or a region's levels. */
    public static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || SEPARATORS.indexOf(c) >= 0;
    }

    public static boolean isOpening(char c) {
        return OPENING.indexOf(c) >= 0;
    }

    public static boolean isClosing(char c) {
        return CLOSING.indexOf(c) >= 0;
    }

    /** The closing bracket that pairs with {@code opening}, or 0 when it opens none. */
    public static char closingOf(char opening) {
        int i = OPENING.indexOf(opening);
        return i < 0 ? 0 : CLOSING.charAt(i);
    }

    /** The opening bracket that pairs with {@code closing}, or 0 when it closes none. */
    public static char openingOf(char closing) {
        int i = CLOSING.indexOf(closing);
        return i < 0 ? 0 : OPENING.charAt(i);
    }
}
