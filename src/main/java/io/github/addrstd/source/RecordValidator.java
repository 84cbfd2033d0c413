package io.github.addrstd.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.addrstd.event.AddressRequest;
import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses and validates one raw record: valid UTF-8, a JSON object, an {@code id} (string or
 * number), an {@code address} string that is not blank, not longer than the limit, and real text.
 * Returns either an {@link AddressRequest} or a {@link DeadLetter} with a precise reason.
 */
public final class RecordValidator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxAddressCodePoints;

    public RecordValidator(int maxAddressCodePoints) {
        if (maxAddressCodePoints < 1) {
            throw new IllegalArgumentException("max-address-length must be positive, was " + maxAddressCodePoints);
        }
        this.maxAddressCodePoints = maxAddressCodePoints;
    }

    /** The outcome of validating one record: exactly one of the two is set. */
    public record Result(AddressRequest request, DeadLetter deadLetter) {}

    public Result validate(RawAddressRecord raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw.value()))
                    .toString();
        } catch (CharacterCodingException e) {
            return reject(raw, FailureReason.INVALID_UTF8, null, "record value is not valid UTF-8: " + e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return reject(raw, FailureReason.MALFORMED_JSON, null,
                    "record value is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || json.isMissingNode()) {
            return reject(raw, FailureReason.MALFORMED_JSON, null, "record value is empty");
        }
        if (!json.isObject()) {
            return reject(raw, FailureReason.NOT_A_JSON_OBJECT, null,
                    "expected a JSON object, got " + json.getNodeType());
        }
        JsonNode idNode = json.get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isBlank()) {
            return reject(raw, FailureReason.MISSING_ID, null, "field 'id' must be a non-empty string or an integer");
        }
        String id = idNode.asText();
        JsonNode addressNode = json.get("address");
        if (addressNode == null || addressNode.isNull()) {
            return reject(raw, FailureReason.MISSING_ADDRESS, id, "field 'address' is missing");
        }
        if (!addressNode.isTextual()) {
            return reject(raw, FailureReason.ADDRESS_NOT_STRING, id,
                    "field 'address' must be a string, got " + addressNode.getNodeType());
        }
        String address = addressNode.textValue();
        if (address.isBlank()) {
            return reject(raw, FailureReason.EMPTY_ADDRESS, id, "field 'address' is empty or whitespace only");
        }
        int length = address.codePointCount(0, address.length());
        if (length > maxAddressCodePoints) {
            return reject(raw, FailureReason.ADDRESS_TOO_LONG, id,
                    "address has " + length + " characters, the limit is " + maxAddressCodePoints);
        }
        String textProblem = textProblem(address);
        if (textProblem != null) {
            return reject(raw, FailureReason.INVALID_TEXT, id, textProblem);
        }
        ObjectNode passthrough = ((ObjectNode) json).deepCopy();
        passthrough.remove("id");
        passthrough.remove("address");
        return new Result(
                new AddressRequest(id, address, raw.key(), passthrough.toString(), raw.timestamp(), raw.origin(),
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
                return String.format("address contains control character U+%04X at index %d", cp, i);
            }
            if (cp == 0xFFFD) {
                return "address contains U+FFFD (a replacement character from a broken encoding) at index " + i;
            }
            hasLetterOrDigit |= Character.isLetterOrDigit(cp);
            i += Character.charCount(cp);
        }
        return hasLetterOrDigit ? null : "address contains no letter or digit";
    }

    private static Result reject(RawAddressRecord raw, FailureReason reason, String id, String detail) {
        return new Result(
                null, new DeadLetter(raw.key(), raw.value(), reason, detail, id, raw.origin(), raw.timestamp()));
    }
}
