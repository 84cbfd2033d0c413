package io.github.addrstd.model;

import io.github.addrstd.event.AddressElement;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * A convention of the data a model was trained on that the model itself does not always keep,
 * applied to its decoded elements. A model directory names its rules in metadata.json's {@code
 * element_rules}; a converted MGeo names none, so it keeps the official pipeline's output.
 */
public enum ElementRule {
    /**
     * An address names one POI: a later element tagged {@code poi} is a finer place inside the
     * first, MGeo's {@code subpoi} ("a POI inside a POI"), e.g. {@code 联合市场 + C区}. In the NAACL
     * 2019 train split 50 of 8,957 addresses carry a second {@code poi} against 2,021 {@code
     * subpoi} after one; the default model writes a second {@code poi} in 45 of the dev split's
     * first 2,000 addresses where the annotators did in 13, and reading it as {@code subpoi} lifts
     * that type's F1 on the dev split by about 0.025 (model/README.md).
     */
    @JsonProperty("later-poi-is-subpoi")
    LATER_POI_IS_SUBPOI {
        @Override
        public List<AddressElement> apply(List<AddressElement> elements) {
            int first = indexOfType(elements, POI);
            if (first < 0 || indexOfType(elements.subList(first + 1, elements.size()), POI) < 0) {
                return elements;
            }
            List<AddressElement> out = new ArrayList<>(elements.subList(0, first + 1));
            for (AddressElement e : elements.subList(first + 1, elements.size())) {
                out.add(
                        POI.equals(e.type())
                                ? new AddressElement(
                                        SUBPOI, e.text(), e.start(), e.end(), e.score())
                                : e);
            }
            return out;
        }
    };

    private static final String POI = "poi";
    private static final String SUBPOI = "subpoi";

    /** The elements with this rule applied; the input list is not modified. */
    public abstract List<AddressElement> apply(List<AddressElement> elements);

    private static int indexOfType(List<AddressElement> elements, String type) {
        for (int i = 0; i < elements.size(); i++) {
            if (type.equals(elements.get(i).type())) {
                return i;
            }
        }
        return -1;
    }
}
