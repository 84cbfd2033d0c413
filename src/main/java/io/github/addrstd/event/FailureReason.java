package io.github.addrstd.event;

/**
 * Why a record could not be processed normally. The name is what consumers of the dead-letter topic
 * and the {@code reason} metric label see, so renaming a constant is a breaking change.
 */
public enum FailureReason {
    /**
     * The record value is larger than {@code max-record-bytes}, or its passthrough fields serialize
     * larger.
     */
    RECORD_TOO_LARGE(Stage.PARSE),
    /** The record key is larger than {@code max-key-bytes}. */
    KEY_TOO_LONG(Stage.PARSE),
    /** The record value is not valid UTF-8. */
    INVALID_UTF8(Stage.PARSE),
    /**
     * The record value is empty, null or not parseable JSON, repeats a key, nests deeper than 100
     * levels, or has a second value after the object.
     */
    MALFORMED_JSON(Stage.PARSE),
    /** The JSON is valid but not an object. */
    NOT_A_JSON_OBJECT(Stage.PARSE),
    /** No {@code id} field, or one that is not a string or number. */
    MISSING_ID(Stage.VALIDATE),
    /** The {@code id} is longer than {@code max-id-length} characters. */
    ID_TOO_LONG(Stage.VALIDATE),
    /** No {@code address} field. */
    MISSING_ADDRESS(Stage.VALIDATE),
    /** The {@code address} field is not a JSON string. */
    ADDRESS_NOT_STRING(Stage.VALIDATE),
    /** The address is empty or whitespace only. */
    EMPTY_ADDRESS(Stage.VALIDATE),
    /** The address is longer than the configured maximum (in Unicode code points). */
    ADDRESS_TOO_LONG(Stage.VALIDATE),
    /** The address holds unpaired surrogates, control characters or no letter or digit at all. */
    INVALID_TEXT(Stage.VALIDATE),
    /** The model failed on this record (after batch splitting isolated it). */
    MODEL_FAILED(Stage.MODEL),
    /** The model ran out of device memory even for this record alone. */
    MODEL_OUT_OF_MEMORY(Stage.MODEL),
    /** The model is not available (not loaded, closed or overloaded). */
    MODEL_UNAVAILABLE(Stage.MODEL),
    /** The record was not tagged within the async timeout. */
    MODEL_TIMEOUT(Stage.MODEL),
    /** Neither the model nor the gazetteer found any administrative unit to standardize. */
    UNRESOLVABLE(Stage.STANDARDIZE);

    private final Stage stage;

    FailureReason(Stage stage) {
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /** The pipeline stage at which a record failed. */
    public enum Stage {
        PARSE,
        VALIDATE,
        MODEL,
        STANDARDIZE
    }
}
