package io.github.addrstd.text;

import com.ibm.icu.text.Transliterator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Unicode clean-up of address text: NFKC folds full-width digits and letters (１２３, Ａ) to ASCII, CJK
 * compatibility ideographs and Kangxi radicals (⼭ U+2F2D) to the ordinary ideographs, and
 * compatibility forms such as ㈠; the CJK Radicals Supplement (⻄ U+2EC4, ⻓ U+2ED3), which NFKC
 * leaves alone, to the unified ideographs Unicode names equivalent; whitespace is dropped because
 * Chinese addresses carry no meaningful spaces. Traditional characters become simplified ones (廣東省
 * -> 广东省), character by character through ICU's Traditional-Simplified transform, so offsets stay
 * valid.
 */
public final class TextNormalizer {

    private TextNormalizer() {}

    /**
     * Traditional -> simplified, one BMP ideograph to one, built once from ICU (about 2,700 pairs).
     */
    private static final class TraditionalToSimplified {
        static final char[] MAP = build();

        private static char[] build() {
            Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
            char[] map = new char[0x10000];
            for (int c = 0x3400; c <= 0xFAFF; c++) {
                if (c > 0x9FFF && c < 0xF900) {
                    continue;
                }
                String s = t2s.transliterate(String.valueOf((char) c));
                if (s.length() == 1 && s.charAt(0) != c) {
                    map[c] = s.charAt(0);
                }
            }
            return map;
        }
    }

    /**
     * CJK Radicals Supplement (U+2E80..U+2EFF) to their equivalent unified ideographs, from the
     * Unicode Character Database
     * (resources/unicode/EquivalentUnifiedIdeograph-radicals-supplement.txt).
     */
    private static final class RadicalsSupplement {
        static final int FIRST = 0x2E80;
        static final int[] MAP = load();

        private static int[] load() {
            int[] map = new int[0x80];
            String name = "/unicode/EquivalentUnifiedIdeograph-radicals-supplement.txt";
            try (InputStream in = TextNormalizer.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                for (String line :
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String data = line.replaceFirst("#.*", "").trim();
                    if (data.isEmpty()) {
                        continue;
                    }
                    String[] fields = data.split(";");
                    String[] range = fields[0].trim().split("\\.\\.");
                    int from = Integer.parseInt(range[0], 16);
                    int to = range.length > 1 ? Integer.parseInt(range[1], 16) : from;
                    int target = Integer.parseInt(fields[1].trim(), 16);
                    for (int cp = from; cp <= to; cp++) {
                        map[cp - FIRST] = target;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return map;
        }

        /** The equivalent unified ideograph, or {@code cp} itself. */
        static int unified(int cp) {
            if (cp < FIRST || cp >= FIRST + MAP.length) {
                return cp;
            }
            int target = MAP[cp - FIRST];
            return target == 0 ? cp : target;
        }
    }

    private static char simplified(char c) {
        char s = TraditionalToSimplified.MAP[c];
        return s == 0 ? c : s;
    }

    /**
     * For matching: each BMP unit's single-unit NFKC form, then simplified (built once, 64 K
     * entries).
     */
    private static final class MatchingMap {
        static final char[] MAP = build();

        private static char[] build() {
            char[] map = new char[0x10000];
            for (int c = 0; c < map.length; c++) {
                char out = (char) c;
                if (c >= 0x80 && !Character.isSurrogate((char) c)) {
                    String n = Normalizer.normalize(String.valueOf((char) c), Normalizer.Form.NFKC);
                    char single = n.length() == 1 ? n.charAt(0) : (char) c;
                    int unified = RadicalsSupplement.unified(single);
                    out = simplified(Character.isBmpCodePoint(unified) ? (char) unified : single);
                }
                map[c] = out;
            }
            return map;
        }
    }

    /** NFKC, simplified characters, whitespace removed, ASCII letters upper-cased (A座, B1栋). */
    public static String clean(String text) {
        String nfkc =
                nfkcIsIdentity(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                continue;
            }
            cp = RadicalsSupplement.unified(cp);
            if (cp >= 'a' && cp <= 'z') {
                cp -= 32;
            } else if (cp < 0x10000) {
                cp = simplified((char) cp);
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /**
     * ASCII and CJK Unified Ideographs (U+4E00..U+9FFF) are their own NFKC form: most addresses
     * skip the normalizer.
     */
    private static boolean nfkcIsIdentity(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && (c < 0x4E00 || c > 0x9FFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A same-length copy for dictionary matching: each UTF-16 unit whose NFKC form is a single unit
     * is replaced by it, so offsets in the copy are offsets in the original.
     */
    public static String forMatching(String text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = MatchingMap.MAP[text.charAt(i)];
        }
        return new String(out);
    }
}
