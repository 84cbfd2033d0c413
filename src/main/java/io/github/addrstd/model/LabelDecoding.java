package io.github.addrstd.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How each word's label is read from the model's scores: the {@code decoding} of a model
 * directory's metadata.json.
 */
public enum LabelDecoding {
    /**
     * The label with the highest score at the word's first word piece, with no transition
     * constraints: MGeo's official pipeline, so a converted MGeo gives the same elements as in
     * Python. The default when metadata.json names none.
     */
    @JsonProperty("argmax")
    ARGMAX,
    /**
     * The most probable label sequence that reads as whole chunks ({@link BiesViterbi}): no {@code
     * I-}/{@code E-} without an open chunk of its type, no chunk left open. On the real dev split
     * it lifts the default model's micro F1 by about one point (model/README.md).
     */
    @JsonProperty("viterbi")
    VITERBI
}
