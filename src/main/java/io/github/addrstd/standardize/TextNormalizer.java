package io.github.addrstd.standardize;

import java.text.Normalizer;

/**
 * Unicode clean-up of address text: NFKC folds full-width digits and letters (１２３, Ａ) to ASCII,
 * CJK compatibility ideographs and Kangxi radicals (⼭ U+2F2D) to the ordinary ideographs, and
 * compatibility forms such as ㈠; whitespace is dropped because Chinese addresses carry no
 * meaningful spaces.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    /** NFKC, whitespace removed, ASCII letters upper-cased (A座, B1栋). */
    public static String clean(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                continue;
            }
            out.appendCodePoint(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
        }
        return out.toString();
    }

    /**
     * A same-length copy for dictionary matching: each UTF-16 unit whose NFKC form is a single unit
     * is replaced by it, so offsets in the copy are offsets in the original.
     */
    public static String forMatching(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 || Character.isSurrogate(c)) {
                out.append(c);
                continue;
            }
            String n = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
            out.append(n.length() == 1 ? n.charAt(0) : c);
        }
        return out.toString();
    }
}
