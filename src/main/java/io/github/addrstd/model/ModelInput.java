package io.github.addrstd.model;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;
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

    private ModelInput(String address, List<int[]> hidden) {
        this.address = address;
        this.hidden = hidden;
        this.text =
                TextNormalizer.forMatching(
                        hidden.isEmpty() ? address : NonAddressText.blankedOut(address, hidden));
    }

    static ModelInput of(String address, PlaceNames places) {
        return new ModelInput(address, NonAddressText.spans(address, places));
    }

    /** The text for the model: the address itself when nothing is hidden or folded. */
    String text() {
        return text;
    }

    /** The model's elements of {@link #text()} as elements of the address as written. */
    TaggedElements restore(TaggedElements tagged) {
        if (text.equals(address)) {
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

    /** Adds e's part address[start, end) without the whitespace at its ends, if any is left. */
    private void addTrimmed(AddressElement e, int start, int end, List<AddressElement> out) {
        while (start < end && Character.isWhitespace(address.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(address.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            out.add(
                    new AddressElement(
                            e.type(), address.substring(start, end), start, end, e.score()));
        }
    }
}
