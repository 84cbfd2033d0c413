package io.github.addrstd.model;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.text.FieldPunctuation;
import io.github.addrstd.text.NonAddressText;
import io.github.addrstd.text.PlaceNames;
import io.github.addrstd.text.TextNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the model sees of one address field, at the same offsets as the text as written:
 *
 * <ul>
 *   <li>what is certainly not the address (phone numbers, labelled recipients, form labels: {@link
 *       NonAddressText}) turned to spaces, which the tokenizer drops. The model was trained on
 *       addresses alone, and such text misleads it beyond itself: on the real dev split written
 *       into delivery forms, element F1 fell from 0.90 to 0.70 before this cut (README, "Tagging
 *       quality");
 *   <li>each character in the form the model's vocabulary was built from ({@link
 *       TextNormalizer#forMatching}: full-width digits and letters folded, traditional characters
 *       simplified), where it would otherwise be [UNK]: 號樓 reads 号楼.
 * </ul>
 *
 * The elements map back one to one, their text taken from the address as written; an element the
 * model draws across a hidden span is cut into the parts beside it.
 */
final class ModelInput {

    private final String address;
    private final List<int[]> hidden;
    private final String text;

    private ModelInput(String address, PlaceNames places) {
        this.address = address;
        // Folded once: the spans are found in the folded text, and the model reads it.
        String folded = TextNormalizer.forMatching(address);
        this.hidden = NonAddressText.spans(folded, places);
        this.text = hidden.isEmpty() ? folded : NonAddressText.blankedOut(folded, hidden);
    }

    static ModelInput of(String address, PlaceNames places) {
        return new ModelInput(address, places);
    }

    /** The text for the model: the address itself when nothing is hidden or folded. */
    String text() {
        return text;
    }

    /** The model's elements of {@link #text()} as elements of the address as written. */
    TaggedElements restore(TaggedElements tagged) {
        if (text.equals(address) && tagged.elements().stream().noneMatch(this::hasLooseEdge)) {
            return tagged;
        }
        List<AddressElement> out = new ArrayList<>(tagged.elements().size());
        for (AddressElement e : tagged.elements()) {
            int start = e.start();
            for (int[] span : hidden) {
                if (span[1] <= start || span[0] >= e.end()) {
                    continue;
                }
                addTrimmed(e, start, span[0], out);
                start = Math.max(start, span[1]);
            }
            addTrimmed(e, start, e.end(), out);
        }
        return new TaggedElements(out, tagged.truncated());
    }

    /**
     * Adds e's part address[start, end) without what cannot begin or end an element, if any is
     * left: whitespace, separators (浙江省/杭州市), and a bracket whose other half is outside it (【浙江省】
     * tagged as 【浙江省). No real annotated element of the corpus's types begins or ends with them (15
     * of 63,173 in the train and dev splits begin or end with other punctuation: a lone - or an
     * unreadable ?).
     */
    private void addTrimmed(AddressElement e, int start, int end, List<AddressElement> out) {
        while (start < end && isLooseStart(start, end)) {
            start++;
        }
        while (end > start && isLooseEnd(start, end)) {
            end--;
        }
        if (start < end) {
            out.add(
                    new AddressElement(
                            e.type(), address.substring(start, end), start, end, e.score()));
        }
    }

    private boolean hasLooseEdge(AddressElement e) {
        return isLooseStart(e.start(), e.end()) || isLooseEnd(e.start(), e.end());
    }

    /** Whether address[start] cannot begin the element address[start, end). */
    private boolean isLooseStart(int start, int end) {
        char c = address.charAt(start);
        if (FieldPunctuation.isSeparator(c) || FieldPunctuation.isClosing(c)) {
            return true;
        }
        return FieldPunctuation.isOpening(c)
                && address.substring(start + 1, end).indexOf(FieldPunctuation.closingOf(c)) < 0;
    }

    /** Whether address[end - 1] cannot end the element address[start, end). */
    private boolean isLooseEnd(int start, int end) {
        char c = address.charAt(end - 1);
        if (FieldPunctuation.isSeparator(c) || FieldPunctuation.isOpening(c)) {
            return true;
        }
        return FieldPunctuation.isClosing(c)
                && address.substring(start, end - 1).indexOf(FieldPunctuation.openingOf(c)) < 0;
    }
}
