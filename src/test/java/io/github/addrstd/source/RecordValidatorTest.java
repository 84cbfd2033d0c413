package io.github.addrstd.source;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RawAddressRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordValidatorTest {

    private final RecordValidator validator = new RecordValidator(20);

    private static RawAddressRecord raw(byte[] value) {
        return new RawAddressRecord("key".getBytes(StandardCharsets.UTF_8), value, "raw-address", 3, 42, 1_700_000_000_000L);
    }

    private static RawAddressRecord raw(String json) {
        return raw(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of("{\"id\": \"1\", \"address\": \"浙江", FailureReason.MALFORMED_JSON, "not valid JSON"),
                Arguments.of("", FailureReason.MALFORMED_JSON, "empty"),
                Arguments.of("[1, 2]", FailureReason.NOT_A_JSON_OBJECT, "ARRAY"),
                Arguments.of("\"浙江省\"", FailureReason.NOT_A_JSON_OBJECT, "STRING"),
                Arguments.of("{\"address\": \"浙江省杭州市\"}", FailureReason.MISSING_ID, "'id'"),
                Arguments.of("{\"id\": {}, \"address\": \"浙江省杭州市\"}", FailureReason.MISSING_ID, "'id'"),
                Arguments.of("{\"id\": \"1\"}", FailureReason.MISSING_ADDRESS, "missing"),
                Arguments.of("{\"id\": \"1\", \"address\": null}", FailureReason.MISSING_ADDRESS, "missing"),
                Arguments.of("{\"id\": \"1\", \"address\": 42}", FailureReason.ADDRESS_NOT_STRING, "NUMBER"),
                Arguments.of("{\"id\": \"1\", \"address\": [\"浙江\"]}", FailureReason.ADDRESS_NOT_STRING, "ARRAY"),
                Arguments.of("{\"id\": \"1\", \"address\": \"\"}", FailureReason.EMPTY_ADDRESS, "empty"),
                Arguments.of("{\"id\": \"1\", \"address\": \" \\t\\u3000 \"}", FailureReason.EMPTY_ADDRESS, "whitespace"),
                Arguments.of("{\"id\": \"1\", \"address\": \"" + "长".repeat(21) + "\"}", FailureReason.ADDRESS_TOO_LONG, "limit is 20"),
                Arguments.of("{\"id\": \"1\", \"address\": \"浙江\\ud800杭州\"}", FailureReason.INVALID_TEXT, "surrogate"),
                Arguments.of("{\"id\": \"1\", \"address\": \"浙江\\u0007杭州\"}", FailureReason.INVALID_TEXT, "U+0007"),
                Arguments.of("{\"id\": \"1\", \"address\": \"浙江\\ufffd杭州\"}", FailureReason.INVALID_TEXT, "U+FFFD"),
                Arguments.of("{\"id\": \"1\", \"address\": \"--- ###\"}", FailureReason.INVALID_TEXT, "no letter or digit"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void deadLettersBadRecordsWithAPreciseReason(String json, FailureReason reason, String detail) {
        RecordValidator.Result result = validator.validate(raw(json));
        assertThat(result.request()).isNull();
        assertThat(result.deadLetter().reason()).isEqualTo(reason);
        assertThat(result.deadLetter().detail()).contains(detail);
        assertThat(result.deadLetter().originalValue()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
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
        RecordValidator.Result result = validator.validate(
                raw("{\"id\": 17, \"address\": \"浙江省杭州市𠀀大厦\", \"customer\": {\"tier\": \"gold\"}, \"tags\": [1]}"));
        assertThat(result.deadLetter()).isNull();
        assertThat(result.request().id()).isEqualTo("17");
        assertThat(result.request().address()).isEqualTo("浙江省杭州市𠀀大厦");
        assertThat(result.request().passthroughJson()).isEqualTo("{\"customer\":{\"tier\":\"gold\"},\"tags\":[1]}");
        assertThat(result.request().key()).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
        assertThat(result.request().sourceTimestamp()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void countsLengthInCharactersNotUtf16Units() {
        String twentyNonBmp = "𠀀".repeat(20);
        assertThat(validator.validate(raw("{\"id\":\"1\",\"address\":\"" + twentyNonBmp + "\"}")).request()).isNotNull();
    }
}
