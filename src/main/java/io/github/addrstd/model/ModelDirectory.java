package io.github.addrstd.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated model directory in this project's MGeo contract (see model/README.md):
 *
 * <pre>
 *   metadata.json    name, version, model_file, num_labels, max_sequence_length, vocab_size, source;
 *                    optional decoding, element_rules, model_file_fp16, model_file_int8
 *   &lt;model_file&gt;     TorchScript: (input_ids, attention_mask) int64 [B, L] -&gt; logits float [B, L, C]
 *   tokenizer.json   HuggingFace tokenizer (BERT-Chinese WordPiece)
 *   labels.txt       the C labels in id order, one per line
 * </pre>
 *
 * <p>{@link #open} fails with a message naming the file and the fix, instead of letting the engine
 * fail later with a native stack trace.
 */
public final class ModelDirectory {

    public static final String METADATA = "metadata.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String LABELS = "labels.txt";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ModelMetadata metadata;
    private final LabelSet labels;
    private final long padId;

    private ModelDirectory(Path path, ModelMetadata metadata, LabelSet labels, long padId) {
        this.path = path;
        this.metadata = metadata;
        this.labels = labels;
        this.padId = padId;
    }

    public static ModelDirectory open(Path path) {
        if (!Files.isDirectory(path)) {
            throw new InvalidModelException(
                    "model directory " + path.toAbsolutePath() + " does not exist");
        }
        ModelMetadata metadata = readMetadata(path);
        Path modelFile = path.resolve(metadata.modelFile());
        if (!Files.isRegularFile(modelFile)) {
            throw new InvalidModelException(
                    "model file "
                            + modelFile
                            + " named by "
                            + METADATA
                            + " (model_file) is missing");
        }
        requireOptionalFile(path, metadata.modelFileFp16(), "model_file_fp16", "fp16");
        requireOptionalFile(path, metadata.modelFileInt8(), "model_file_int8", "int8");
        List<String> labelLines = readLabels(path);
        if (metadata.numLabels() != labelLines.size()) {
            throw new InvalidModelException(
                    LABELS
                            + " has "
                            + labelLines.size()
                            + " labels but "
                            + METADATA
                            + " says num_labels="
                            + metadata.numLabels()
                            + "; they must describe the same classifier head");
        }
        LabelSet labels;
        try {
            labels = new LabelSet(labelLines);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(LABELS + ": " + e.getMessage(), e);
        }
        long padId = checkTokenizer(path, metadata);
        return new ModelDirectory(path, metadata, labels, padId);
    }

    private static void requireOptionalFile(
            Path directory, String fileName, String field, String precision) {
        if (fileName != null && !Files.isRegularFile(directory.resolve(fileName))) {
            throw new InvalidModelException(
                    precision
                            + " model file "
                            + directory.resolve(fileName)
                            + " named by "
                            + METADATA
                            + " ("
                            + field
                            + ") is missing");
        }
    }

    private static ModelMetadata readMetadata(Path dir) {
        Path file = dir.resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(METADATA + " is missing in " + dir.toAbsolutePath());
        }
        ModelMetadata metadata;
        try {
            metadata = JSON.readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new InvalidModelException(METADATA + " is not valid: " + e.getMessage(), e);
        }
        if (metadata.modelFile() == null || metadata.version() == null) {
            throw new InvalidModelException(METADATA + " must set model_file and version");
        }
        if (metadata.maxSequenceLength() < 3) {
            throw new InvalidModelException(
                    METADATA + " must set max_sequence_length (at least 3)");
        }
        return metadata;
    }

    private static List<String> readLabels(Path dir) {
        Path file = dir.resolve(LABELS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(LABELS + " is missing in " + dir.toAbsolutePath());
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks the tokenizer's vocabulary against the model; returns the [PAD] id. */
    private static long checkTokenizer(Path dir, ModelMetadata metadata) {
        Path file = dir.resolve(TOKENIZER);
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(
                    TOKENIZER
                            + " is missing in "
                            + dir.toAbsolutePath()
                            + "; build it from vocab.txt with"
                            + " model/tools/vocab_to_tokenizer_json.py");
        }
        JsonNode vocab;
        try {
            vocab = JSON.readTree(file.toFile()).path("model").path("vocab");
        } catch (IOException e) {
            throw new InvalidModelException(TOKENIZER + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new InvalidModelException(
                    TOKENIZER + " has no model.vocab (expected a WordPiece model)");
        }
        long maxId = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            maxId = Math.max(maxId, it.next().getValue().asLong());
        }
        if (metadata.vocabSize() > 0 && maxId >= metadata.vocabSize()) {
            throw new InvalidModelException(
                    TOKENIZER
                            + " has token id "
                            + maxId
                            + " but the model's vocab_size is "
                            + metadata.vocabSize()
                            + ": tokenizer and model do not belong together");
        }
        if (!vocab.has("[UNK]") || !vocab.has("[CLS]") || !vocab.has("[SEP]")) {
            throw new InvalidModelException(TOKENIZER + " lacks one of [UNK], [CLS], [SEP]");
        }
        return vocab.has("[PAD]") ? vocab.get("[PAD]").asLong() : 0L;
    }

    public Path path() {
        return path;
    }

    public Path modelFile() {
        return path.resolve(metadata.modelFile());
    }

    /** The half-precision model file, if the directory has one (see model/tools/to_fp16.py). */
    public Optional<Path> modelFileFp16() {
        return Optional.ofNullable(metadata.modelFileFp16()).map(path::resolve);
    }

    /** The int8 model file for CPUs, if the directory has one (see model/tools/to_int8.py). */
    public Optional<Path> modelFileInt8() {
        return Optional.ofNullable(metadata.modelFileInt8()).map(path::resolve);
    }

    public Path tokenizerFile() {
        return path.resolve(TOKENIZER);
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public LabelSet labels() {
        return labels;
    }

    public long padId() {
        return padId;
    }

    /** Thrown when a model directory does not meet the contract. */
    public static final class InvalidModelException extends RuntimeException {
        public InvalidModelException(String message) {
            super(message);
        }

        public InvalidModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
