package io.github.addrstd.source;

import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;
import io.github.addrstd.event.StrictUtf8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.nio.charset.CharacterCodingException;

/**
 * Parses and validates one raw record: within the size limits, valid UTF-8 (a leading byte-order
 * mark is skipped), a JSON object without repeated keys, an {@code id} (string or integer of any
 * size, not too long), an {@code address} string that is not blank, not longer than the limit, and
 * real text. Returns either an {@link AddressRequest} or a {@link DeadLetter} with a precise
 * reason.
 */
public final class RecordValidator implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Deepest accepted JSON nesting: far below the 1,000 levels at which Jackson refuses to write.
     */
    static final int MAX_NESTING_DEPTH = 100;

    /**
     * Strict about what would otherwise be silently resolved: a repeated key or a second JSON value
     * after the object is an error (not "last wins" or "ignored"), and numbers keep their exact
     * decimal form so the passthrough comes out as it went in (1e999999 is not turned into
     * Infinity).
     */
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static {
        JSON.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    private final RecordLimits limits;

    public RecordValidator(RecordLimits limits) {
        this.limits = limits;
    }

    /** The outcome of validating one record: exactly one of the two is set. */
    public record Result(AddressRequest request, DeadLetter deadLetter) {}

    public Result validate(RawAddressRecord raw) {
        if (raw.value() != null && raw.value().length > limits.maxRecordBytes()) {
            return reject(
                    raw,
                    FailureReason.RECORD_TOO_LARGE,
                    null,
                    "record value has "
                            + raw.value().length
                            + " bytes, the limit (max-record-bytes) is "
                            + limits.maxRecordBytes());
        }
        if (raw.key() != null && raw.key().length > limits.maxKeyBytes()) {
            return reject(
                    raw,
                    FailureReason.KEY_TOO_LONG,
                    null,
                    "record key has "
                            + raw.key().length
                            + " bytes, the limit (max-key-bytes) is "
                            + limits.maxKeyBytes());
        }
        if (raw.value() == null) {
            return reject(
                    raw, FailureReason.MALFORMED_JSON, null, "record value is null (a tombstone)");
        }
        String text;
        try {
            text = StrictUtf8.decode(raw.value());
        } catch (CharacterCodingException e) {
            return reject(
                    raw, FailureReason.INVALID_UTF8, null, "record value is not valid UTF-8: " + e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte-order mark, as some Windows producers write
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return reject(
                    raw,
                    FailureReason.MALFORMED_JSON,
                    null,
                    "record value is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || json.isMissingNode()) {
            return reject(raw, FailureReason.MALFORMED_JSON, null, "record value is empty");
        }
        if (!json.isObject()) {
            return reject(
                    raw,
                    FailureReason.NOT_A_JSON_OBJECT,
                    null,
                    "expected a JSON object, got " + json.getNodeType());
        }
        JsonNode idNode = json.get("id");
        if (idNode == null
                || !(idNode.isTextual() || idNode.isIntegralNumber())
                || idNode.asText().isBlank()) {
            return reject(
                    raw,
                    FailureReason.MISSING_ID,
                    null,
                    "field 'id' must be a non-empty string or an integer");
        }
        String id = idNode.asText();
        if (id.length() > limits.maxIdLength()) {
            return reject(
                    raw,
                    FailureReason.ID_TOO_LONG,
                    null,
                    "field 'id' has "
                            + id.length()
                            + " characters, the limit (max-id-length) is "
                            + limits.maxIdLength());
        }
        JsonNode addressNode = json.get("address");
        if (addressNode == null || addressNode.isNull()) {
            return reject(raw, FailureReason.MISSING_ADDRESS, id, "field 'address' is missing");
        }
        if (!addressNode.isTextual()) {
            return reject(
                    raw,
                    FailureReason.ADDRESS_NOT_STRING,
                    id,
                    "field 'address' must be a string, got " + addressNode.getNodeType());
        }
        String address = addressNode.textValue();
        if (address.isBlank()) {
            return reject(
                    raw,
                    FailureReason.EMPTY_ADDRESS,
                    id,
                    "field 'address' is empty or whitespace only");
        }
        int length = address.codePointCount(0, address.length());
        if (length > limits.maxAddressCodePoints()) {
            return reject(
                    raw,
                    FailureReason.ADDRESS_TOO_LONG,
                    id,
                    "address has "
                            + length
                            + " characters, the limit (max-address-length) is "
                            + limits.maxAddressCodePoints());
        }
        String textProblem = textProblem(address);
        if (textProblem != null) {
            return reject(raw, FailureReason.INVALID_TEXT, id, textProblem);
        }
        ObjectNode passthrough = (ObjectNode) json; // parsed here for this record: no copy needed
        passthrough.remove("id");
        passthrough.remove("address");
        String passthroughJson = passthrough.toString();
        // Escaping can make the serialized passthrough larger than the record it came from.
        if (passthroughJson.length() > limits.maxRecordBytes()) {
            return reject(
                    raw,
                    FailureReason.RECORD_TOO_LARGE,
                    id,
                    "the passthrough fields serialize to "
                            + passthroughJson.length()
                            + " characters, the limit (max-record-bytes) is "
                            + limits.maxRecordBytes());
        }
        return new Result(
                new AddressRequest(
                        id,
                        address,
                        raw.key(),
                        passthroughJson,
                        raw.timestamp(),
                        raw.origin(),
                        raw.value()),
                null);
    }

    /** Null when the text is acceptable, else what is wrong with it. */
    static String textProblem(String address) {
        boolean hasLetterOrDigit = false;
        for (int i = 0; i < address.length(); ) {
            int cp = address.codePointAt(i);
            if (Character.isSurrogate((char) cp)) {
                return "address contains an unpaired UTF-16 surrogate at index " + i;
            }
            if (Character.isISOControl(cp) && !Character.isWhitespace(cp)) {
                return String.format(
                        "address contains control character U+%04X at index %d", cp, i);
            }
            if (cp == 0xFFFD) {
                return "address contains U+FFFD (a replacement character from a broken encoding) at"
                        + " index "
                        + i;
            }
            hasLetterOrDigit |= Character.isLetterOrDigit(cp);
            i += Character.charCount(cp);
        }
        return hasLetterOrDigit ? null : "address contains no letter or digit";
    }

    private static Result reject(
            RawAddressRecord raw, FailureReason reason, String id, String detail) {
        return new Result(
                null,
                new DeadLetter(
                        raw.key(), raw.value(), reason, detail, id, raw.origin(), raw.timestamp()));
    }
}
