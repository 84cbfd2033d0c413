package io.github.addrstd.model;

import io.github.addrstd.event.ElementType;

import java.util.List;

/**
 * The model's output labels in id order, e.g. {@code B-city, E-city, O, S-poi}: one BIES prefix and
 * an element type each, or {@code O}.
 */
public final class LabelSet {

    private final String[] labels;
    private final char[] prefixes;
    private final String[] types;

    public LabelSet(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the label list is empty");
        }
        this.labels = labels.toArray(String[]::new);
        this.prefixes = new char[this.labels.length];
        this.types = new String[this.labels.length];
        for (int i = 0; i < this.labels.length; i++) {
            String label = this.labels[i];
            if (label.equals("O")) {
                prefixes[i] = 'O';
                types[i] = "";
            } else if (label.length() > 2
                    && "BIES".indexOf(label.charAt(0)) >= 0
                    && label.charAt(1) == '-') {
                prefixes[i] = label.charAt(0);
                types[i] = label.substring(2);
                if (ElementType.of(types[i]).isEmpty()) {
                    // The output schema admits only registered types; an unknown one would break
                    // every consumer.
                    throw new IllegalArgumentException(
                            "label "
                                    + i
                                    + " '"
                                    + label
                                    + "' names element type '"
                                    + types[i]
                                    + "', which is not in the element-type registry ("
                                    + ElementType.RESOURCE
                                    + " in io.github.addrstd.event)");
                }
            } else {
                throw new IllegalArgumentException(
                        "label " + i + " '" + label + "' is neither O nor B-/I-/E-/S-<type>");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public String label(int id) {
        return labels[id];
    }

    /** One of {@code B, I, E, S, O}. */
    public char prefix(int id) {
        return prefixes[id];
    }

    /** The element type, empty for {@code O}. */
    public String type(int id) {
        return types[id];
    }
}
