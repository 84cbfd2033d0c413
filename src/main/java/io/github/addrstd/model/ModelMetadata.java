package io.github.addrstd.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code metadata.json} of a model directory. Unknown fields (training arguments, dev-set
 * scores) are kept in the file for people and ignored here.
 *
 * @param name a short model name
 * @param version the model version, written into every output record
 * @param modelFile the TorchScript file name inside the directory
 * @param numLabels the model's output width; must equal the number of lines in labels.txt
 * @param maxSequenceLength the longest input, [CLS] and [SEP] included
 * @param vocabSize the model's embedding rows; every tokenizer id must be below it (0 = unchecked)
 * @param source what the model was trained or converted from
 * @param modelFileFp16 an optional half-precision copy of the model file, for GPUs (may be null)
 * @param modelFileInt8 an optional int8 (dynamically quantized) copy of the model file, for CPUs
 *     (may be null)
 * @param decoding how word labels are read from the scores (null: {@link LabelDecoding#ARGMAX})
 * @param elementRules the rules applied to the decoded elements, in order (null: none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("model_file") String modelFile,
        @JsonProperty("num_labels") int numLabels,
        @JsonProperty("max_sequence_length") int maxSequenceLength,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("source") String source,
        @JsonProperty("model_file_fp16") String modelFileFp16,
        @JsonProperty("model_file_int8") String modelFileInt8,
        @JsonProperty("decoding") LabelDecoding decoding,
        @JsonProperty("element_rules") List<ElementRule> elementRules) {

    public ModelMetadata {
        if (elementRules != null && elementRules.contains(null)) {
            throw new IllegalArgumentException("element_rules has an empty entry");
        }
    }

    /** The decoding, {@link LabelDecoding#ARGMAX} (MGeo's) when metadata.json names none. */
    public LabelDecoding labelDecoding() {
        return decoding == null ? LabelDecoding.ARGMAX : decoding;
    }

    /** The rules applied to the decoded elements, in order; none when metadata.json names none. */
    @Override
    public List<ElementRule> elementRules() {
        return elementRules == null ? List.of() : List.copyOf(elementRules);
    }
}
