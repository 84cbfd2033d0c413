package io.github.addrstd.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;
import io.github.addrstd.event.RecordLimits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

class RecordValidatorTest {

    /** Small limits, so each can be probed at and just past its edge. */
    private static final RecordLimits LIMITS = new RecordLimits(20, 200, 8, 10, 64);

    private final RecordValidator validator = new RecordValidator(LIMITS);

    private static RawAddressRecord raw(byte[] value) {
        return new RawAddressRecord(
                "key".getBytes(StandardCharsets.UTF_8),
                value,
                "raw-address",
                3,
                42,
                1_700_000_000_000L);
    }

    private static RawAddressRecord raw(String json) {
        return raw(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"浙江",
                        FailureReason.MALFORMED_JSON,
                        "not valid JSON"),
                Arguments.of("", FailureReason.MALFORMED_JSON, "empty"),
                Arguments.of("[1, 2]", FailureReason.NOT_A_JSON_OBJECT, "ARRAY"),
                Arguments.of("\"浙江省\"", FailureReason.NOT_A_JSON_OBJECT, "STRING"),
                Arguments.of("{\"address\": \"浙江省杭州市\"}", FailureReason.MISSING_ID, "'id'"),
                Arguments.of(
                        "{\"id\": {}, \"address\": \"浙江省杭州市\"}", FailureReason.MISSING_ID, "'id'"),
                Arguments.of("{\"id\": \"1\"}", FailureReason.MISSING_ADDRESS, "missing"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": null}",
                        FailureReason.MISSING_ADDRESS,
                        "missing"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": 42}",
                        FailureReason.ADDRESS_NOT_STRING,
                        "NUMBER"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": [\"浙江\"]}",
                        FailureReason.ADDRESS_NOT_STRING,
                        "ARRAY"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"\"}", FailureReason.EMPTY_ADDRESS, "empty"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \" \\t\\u3000 \"}",
                        FailureReason.EMPTY_ADDRESS,
                        "whitespace"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"" + "长".repeat(21) + "\"}",
                        FailureReason.ADDRESS_TOO_LONG,
                        "limit (max-address-length) is 20"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"浙江\\ud800杭州\"}",
                        FailureReason.INVALID_TEXT,
                        "surrogate"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"浙江\\u0007杭州\"}",
                        FailureReason.INVALID_TEXT,
                        "U+0007"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"浙江\\ufffd杭州\"}",
                        FailureReason.INVALID_TEXT,
                        "U+FFFD"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"--- ###\"}",
                        FailureReason.INVALID_TEXT,
                        "no letter or digit"),
                Arguments.of(
                        "{\"id\": \"1\", \"id\": \"2\", \"address\": \"浙江\"}",
                        FailureReason.MALFORMED_JSON,
                        "Duplicate field 'id'"),
                Arguments.of(
                        "{\"id\": \"12345678901\", \"address\": \"浙江\"}",
                        FailureReason.ID_TOO_LONG,
                        "limit (max-id-length) is 10"),
                Arguments.of(
                        "{\"id\": 1.5, \"address\": \"浙江\"}", FailureReason.MISSING_ID, "'id'"),
                Arguments.of(
                        "{\"id\": \"1\", \"address\": \"浙江\", \"x\": \"" + "a".repeat(200) + "\"}",
                        FailureReason.RECORD_TOO_LARGE,
                        "limit (max-record-bytes) is 200"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void deadLettersBadRecordsWithAPreciseReason(String json, FailureReason reason, String detail) {
        RecordValidator.Result result = validator.validate(raw(json));
        assertThat(result.request()).isNull();
        assertThat(result.deadLetter().reason()).isEqualTo(reason);
        assertThat(result.deadLetter().detail()).contains(detail);
        assertThat(result.deadLetter().originalValue())
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.deadLetter().origin()).isEqualTo("raw-address-3@42");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xE6, (byte) 0xB5, '"', '}'};
        RecordValidator.Result result = validator.validate(raw(bytes));
        assertThat(result.deadLetter().reason()).isEqualTo(FailureReason.INVALID_UTF8);
        assertThat(result.deadLetter().originalValue()).isEqualTo(bytes);
    }

    @Test
    void acceptsValidRecordAndCarriesUnknownFields() {
        RecordValidator.Result result =
                validator.validate(
                        raw(
                                "{\"id\": 17, \"address\": \"浙江省杭州市𠀀大厦\", \"customer\": {\"tier\":"
                                        + " \"gold\"}, \"tags\": [1]}"));
        assertThat(result.deadLetter()).isNull();
        assertThat(result.request().id()).isEqualTo("17");
        assertThat(result.request().address()).isEqualTo("浙江省杭州市𠀀大厦");
        assertThat(result.request().passthroughJson())
                .isEqualTo("{\"customer\":{\"tier\":\"gold\"},\"tags\":[1]}");
        assertThat(result.request().key()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
        assertThat(result.request().sourceTimestamp()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void acceptsEveryLimitExactlyAndRejectsOnePast() {
        String atLimit = "{\"id\": \"1234567890\", \"address\": \"" + "长".repeat(20) + "\"}";
        assertThat(validator.validate(raw(atLimit)).request()).isNotNull();
        RawAddressRecord keyAtLimit =
                new RawAddressRecord(
                        new byte[8], atLimit.getBytes(StandardCharsets.UTF_8), "t", 0, 0, 0);
        assertThat(validator.validate(keyAtLimit).request()).isNotNull();
        RawAddressRecord keyPast =
                new RawAddressRecord(
                        new byte[9], atLimit.getBytes(StandardCharsets.UTF_8), "t", 0, 0, 0);
        assertThat(validator.validate(keyPast).deadLetter().reason())
                .isEqualTo(FailureReason.KEY_TOO_LONG);
        String padded = "{\"id\": \"1\", \"address\": \"浙江\", \"x\": \"";
        int paddedBytes = padded.getBytes(StandardCharsets.UTF_8).length;
        String valueAtLimit = padded + "a".repeat(200 - paddedBytes - 2) + "\"}";
        assertThat(valueAtLimit.getBytes(StandardCharsets.UTF_8)).hasSize(200);
        assertThat(validator.validate(raw(valueAtLimit)).request()).isNotNull();
        String valuePast = padded + "a".repeat(200 - paddedBytes - 1) + "\"}";
        assertThat(validator.validate(raw(valuePast)).deadLetter().reason())
                .isEqualTo(FailureReason.RECORD_TOO_LARGE);
    }

    @Test
    void boundsThePassthroughAsWrittenNotOnlyAsRead() {
        // 1e1 is written back as 1E+1: 41 of them fit a 200-byte record but not a 200-character
        // passthrough.
        String value =
                "{\"id\":\"1\",\"address\":\"浙江\",\"x\":["
                        + String.join(",", java.util.Collections.nCopies(41, "1e1"))
                        + "]}";
        assertThat(value.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(200);
        RecordValidator.Result result = validator.validate(raw(value));
        assertThat(result.deadLetter().reason()).isEqualTo(FailureReason.RECORD_TOO_LARGE);
        assertThat(result.deadLetter().detail()).contains("passthrough fields serialize");
    }

    @Test
    void refusesWhatJsonWouldOtherwiseResolveSilently() {
        RecordValidator wide = new RecordValidator(RecordLimits.DEFAULTS);
        String nested100 = "[".repeat(99) + "]".repeat(99); // plus the record object: 100 levels
        assertThat(
                        wide.validate(
                                        raw(
                                                "{\"id\": \"1\", \"address\": \"浙江\", \"x\": "
                                                        + nested100
                                                        + "}"))
                                .request())
                .isNotNull();
        String nested101 = "[".repeat(100) + "]".repeat(100);
        assertThat(
                        wide.validate(
                                        raw(
                                                "{\"id\": \"1\", \"address\": \"浙江\", \"x\": "
                                                        + nested101
                                                        + "}"))
                                .deadLetter()
                                .reason())
                .isEqualTo(FailureReason.MALFORMED_JSON);
        assertThat(
                        wide.validate(raw("{\"id\": \"1\", \"address\": \"浙江\"}{\"id\": \"2\"}"))
                                .deadLetter()
                                .reason())
                .isEqualTo(FailureReason.MALFORMED_JSON);
        assertThat(
                        wide.validate(
                                        raw(
                                                "{\"id\": \"1\", \"address\": \"浙江\", \"n\":"
                                                        + " 1e999999, \"f\": 0.1}"))
                                .request()
                                .passthroughJson())
                .isEqualTo("{\"n\":1E+999999,\"f\":0.1}");
    }

    @Test
    void skipsAByteOrderMarkAndKeepsIdsBeyondSixtyFourBits() {
        RecordValidator wide = new RecordValidator(RecordLimits.DEFAULTS);
        RecordValidator.Result bom =
                wide.validate(raw("\uFEFF{\"id\": \"b\", \"address\": \"浙江\"}"));
        assertThat(bom.request().address()).isEqualTo("浙江");
        String big = "123456789012345678901234567890";
        assertThat(wide.validate(raw("{\"id\": " + big + ", \"address\": \"浙江\"}")).request().id())
                .isEqualTo(big);
        assertThat(validator.validate(raw((byte[]) null)).deadLetter().reason())
                .isEqualTo(FailureReason.MALFORMED_JSON);
    }

    @Test
    void countsLengthInCharactersNotUtf16Units() {
        String twentyNonBmp = "𠀀".repeat(20);
        assertThat(
                        validator
                                .validate(
                                        raw("{\"id\":\"1\",\"address\":\"" + twentyNonBmp + "\"}"))
                                .request())
                .isNotNull();
    }
}
