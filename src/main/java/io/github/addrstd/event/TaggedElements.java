package io.github.addrstd.event;

import java.util.List;

/**
 * The elements tagged in one address.
 *
 * @param elements the chunks in text order
 * @param truncated true when the address had more word pieces than the model's maximum sequence
 *     length; the text after the cut carries no elements
 */
public record TaggedElements(List<AddressElement> elements, boolean truncated) {

    public TaggedElements {
        elements = List.copyOf(elements);
    }
}
