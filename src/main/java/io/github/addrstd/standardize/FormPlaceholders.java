package io.github.addrstd.standardize;

import io.github.addrstd.event.StandardizedAddress.Flag;
import io.github.addrstd.event.StandardizedAddress.FlagKind;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;

/**
 * The form placeholders of one address (市辖区, 省直辖县级行政区划, null, a leading 地址： label): text that names
 * no unit, is ignored when the address is read, and is left out of the standardized text, each
 * reported as a {@link FlagKind#PLACEHOLDER} flag.
 */
final class FormPlaceholders {

    /** Placeholders long enough to find in free text (县 alone is not). */
    private static final List<String> FINDABLE_IN_TEXT =
            Gazetteer.PLACEHOLDERS.stream()
                    .filter(p -> p.length() >= 3)
                    .sorted((a, b) -> b.length() - a.length())
                    .toList();

    private final List<int[]> spans = new ArrayList<>();
    private final List<Flag> flags;

    /**
     * @param flags the address's flags, which the placeholders' flags join
     */
    FormPlaceholders(List<Flag> flags) {
        this.flags = flags;
    }

    /** Whether {@code name} is a form placeholder. */
    static boolean isPlaceholder(String name) {
        return Gazetteer.PLACEHOLDERS.contains(name);
    }

    /** Ignores text[start, end), flagged with the level it was tagged as (or null) and why. */
    void ignore(int start, int end, @Nullable String level, String written, String reason) {
        spans.add(new int[] {start, end});
        flags.add(new Flag(FlagKind.PLACEHOLDER, level, written, reason));
    }

    /**
     * {@code text} with every placeholder findable in free text turned to spaces (offsets
     * unchanged), so they neither match nor break a chain; each span and each written placeholder
     * recorded once, however often the text is masked.
     */
    String masked(String text) {
        String masked = text;
        for (String placeholder : FINDABLE_IN_TEXT) {
            int at = masked.indexOf(placeholder);
            while (at >= 0) {
                int start = at;
                int end = at + placeholder.length();
                if (spans.stream().noneMatch(p -> p[0] == start && p[1] == end)) {
                    spans.add(new int[] {start, end});
                }
                masked = blankedOut(masked, start, end);
                if (flags.stream()
                        .noneMatch(
                                f ->
                                        f.kind() == FlagKind.PLACEHOLDER
                                                && placeholder.equals(f.written()))) {
                    flags.add(
                            new Flag(
                                    FlagKind.PLACEHOLDER,
                                    null,
                                    placeholder,
                                    "form placeholder ignored"));
                }
                at = masked.indexOf(placeholder, end);
            }
        }
        return masked;
    }

    /** {@code text} with text[start, end) turned to spaces, its offsets unchanged. */
    static String blankedOut(String text, int start, int end) {
        return text.substring(0, start) + " ".repeat(end - start) + text.substring(end);
    }

    /** The ignored spans, [start, end) each, in the order found. */
    List<int[]> spans() {
        return spans;
    }
}
