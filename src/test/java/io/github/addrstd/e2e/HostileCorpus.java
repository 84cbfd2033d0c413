package io.github.addrstd.e2e;

import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.RecordLimits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records built to break a pipeline: sizes at and one past every limit, deep nesting, repeated
 * keys, byte-order marks, NUL / control / bidi / zero-width characters, non-BMP and combining
 * characters, mixed scripts, markup- and injection-looking text, ids beyond 64 bits, broken
 * encodings. Each says what must become of it: standardized (or, where only the resolver can tell,
 * dead-lettered as UNRESOLVABLE), or dead-lettered for one named reason.
 */
final class HostileCorpus {

    /**
     * One hostile record; {@code reason} null means it must be accepted (standardized or
     * UNRESOLVABLE).
     */
    record Case(String kind, byte[] key, byte[] value, FailureReason reason, String address) {

        boolean accepted() {
            return reason == null;
        }
    }

    private final RecordLimits limits;
    private final List<Case> cases = new ArrayList<>();

    private HostileCorpus(RecordLimits limits) {
        this.limits = limits;
    }

    static List<Case> build(RecordLimits limits) {
        HostileCorpus c = new HostileCorpus(limits);
        c.addAll();
        return Collections.unmodifiableList(c.cases);
    }

    private void accepted(String kind, String address) {
        accepted(kind, "{\"id\": \"" + kind + "\", \"address\": " + quote(address) + "}", address);
    }

    private void accepted(String kind, String json, String address) {
        cases.add(new Case(kind, key(kind), utf8(json), null, address));
    }

    private void rejected(String kind, String json, FailureReason reason) {
        rejected(kind, utf8(json), reason);
    }

    private void rejected(String kind, byte[] value, FailureReason reason) {
        cases.add(new Case(kind, key(kind), value, reason, null));
    }

    private void addAll() {
        String hangzhou = "浙江省杭州市余杭区文一西路969号";
        int maxChars = limits.maxAddressCodePoints();

        // Sizes at and past every limit.
        rejected(
                "megabyte-address",
                "{\"id\": \"megabyte-address\", \"address\": \"" + "a".repeat(1_000_000) + "\"}",
                FailureReason.RECORD_TOO_LARGE);
        String padPrefix =
                "{\"id\": \"record-at-limit\", \"address\": \"" + hangzhou + "\", \"pad\": \"";
        int pad = limits.maxRecordBytes() - utf8(padPrefix).length - 2;
        accepted("record-at-limit", padPrefix + "p".repeat(pad) + "\"}", hangzhou);
        String pastPrefix =
                "{\"id\": \"record-past-limit\", \"address\": \"" + hangzhou + "\", \"pad\": \"";
        rejected(
                "record-past-limit",
                pastPrefix
                        + "p".repeat(limits.maxRecordBytes() - utf8(pastPrefix).length - 1)
                        + "\"}",
                FailureReason.RECORD_TOO_LARGE);
        accepted("address-at-limit", hangzhou + "弄".repeat(maxChars - hangzhou.length()));
        rejected(
                "address-past-limit",
                "{\"id\": \"address-past-limit\", \"address\": \""
                        + hangzhou
                        + "弄".repeat(maxChars - hangzhou.length() + 1)
                        + "\"}",
                FailureReason.ADDRESS_TOO_LONG);
        String nonBmp = "𠀀".repeat(maxChars - hangzhou.length());
        accepted("non-bmp-at-limit", hangzhou + nonBmp);
        String idAtLimit = "i".repeat(limits.maxIdLength());
        accepted(
                "id-at-limit",
                "{\"id\": \"" + idAtLimit + "\", \"address\": \"" + hangzhou + "\"}",
                hangzhou);
        rejected(
                "id-past-limit",
                "{\"id\": \"" + idAtLimit + "i\", \"address\": \"" + hangzhou + "\"}",
                FailureReason.ID_TOO_LONG);
        cases.add(
                new Case(
                        "key-at-limit",
                        paddedKey("key-at-limit", limits.maxKeyBytes()),
                        utf8("{\"id\": \"key-at-limit\", \"address\": \"" + hangzhou + "\"}"),
                        null,
                        hangzhou));
        cases.add(
                new Case(
                        "key-past-limit",
                        paddedKey("key-past-limit", limits.maxKeyBytes() + 1),
                        utf8("{\"id\": \"key-past-limit\", \"address\": \"" + hangzhou + "\"}"),
                        FailureReason.KEY_TOO_LONG,
                        null));
        String arrayPrefix = "[\"dead-letter-at-limit\", \"";
        rejected(
                "dead-letter-at-limit",
                arrayPrefix
                        + "d".repeat(limits.deadLetterOriginalBytes() - arrayPrefix.length() - 2)
                        + "\"]",
                FailureReason.NOT_A_JSON_OBJECT);
        String arrayPrefix2 = "[\"dead-letter-past-limit\", \"";
        rejected(
                "dead-letter-past-limit",
                arrayPrefix2 + "浙".repeat(limits.deadLetterOriginalBytes() / 3) + "\"]",
                FailureReason.NOT_A_JSON_OBJECT);
        accepted(
                "large-passthrough",
                "{\"id\": \"large-passthrough\", \"address\": \""
                        + hangzhou
                        + "\", \"note\": \""
                        + "备注".repeat(8_000)
                        + "\"}",
                hangzhou);
        StringBuilder manyFields =
                new StringBuilder("{\"id\": \"many-fields\", \"address\": \"" + hangzhou + "\"");
        for (int i = 0; i < 1000; i++) {
            manyFields.append(", \"f").append(i).append("\": ").append(i);
        }
        accepted("many-fields", manyFields.append('}').toString(), hangzhou);

        // JSON structure.
        accepted(
                "nesting-100",
                "{\"id\": \"nesting-100\", \"address\": \""
                        + hangzhou
                        + "\", \"n\": "
                        + "[".repeat(99)
                        + "]".repeat(99)
                        + "}",
                hangzhou);
        rejected(
                "nesting-101",
                "{\"id\": \"nesting-101\", \"address\": \"x\", \"n\": "
                        + "[".repeat(100)
                        + "]".repeat(100)
                        + "}",
                FailureReason.MALFORMED_JSON);
        rejected("nesting-5000", "[".repeat(5000) + "]".repeat(5000), FailureReason.MALFORMED_JSON);
        rejected(
                "duplicate-id",
                "{\"id\": \"a\", \"id\": \"b\", \"address\": \"" + hangzhou + "\"}",
                FailureReason.MALFORMED_JSON);
        rejected(
                "duplicate-address",
                "{\"id\": \"duplicate-address\", \"address\": \"杭州\", \"address\": \"北京\"}",
                FailureReason.MALFORMED_JSON);
        rejected(
                "two-objects",
                "{\"id\": \"two-objects\", \"address\": \"" + hangzhou + "\"}{\"id\": \"x\"}",
                FailureReason.MALFORMED_JSON);
        rejected(
                "comment",
                "{\"id\": \"comment\", /* note */ \"address\": \"" + hangzhou + "\"}",
                FailureReason.MALFORMED_JSON);
        rejected(
                "nan",
                "{\"id\": \"nan\", \"address\": \"" + hangzhou + "\", \"x\": NaN}",
                FailureReason.MALFORMED_JSON);
        accepted(
                "huge-exponent",
                "{\"id\": \"huge-exponent\", \"address\": \"" + hangzhou + "\", \"x\": 1e999999}",
                hangzhou);
        rejected(
                "truncated-json",
                "{\"id\": \"truncated-json\", \"address\": \"浙江",
                FailureReason.MALFORMED_JSON);
        rejected("empty-value", new byte[0], FailureReason.MALFORMED_JSON);
        rejected("whitespace-value", " \n\t ", FailureReason.MALFORMED_JSON);
        rejected(
                "top-level-array",
                "[{\"id\": \"1\", \"address\": \"" + hangzhou + "\"}]",
                FailureReason.NOT_A_JSON_OBJECT);
        rejected("top-level-string", "\"" + hangzhou + "\"", FailureReason.NOT_A_JSON_OBJECT);
        rejected("top-level-null", "null", FailureReason.NOT_A_JSON_OBJECT);
        rejected(
                "raw-nul-in-string",
                "{\"id\": \"raw-nul\", \"address\": \"浙江\u0000杭州\"}",
                FailureReason.MALFORMED_JSON);

        // Encodings.
        byte[] bom =
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        utf8("{\"id\": \"utf8-bom\", \"address\": \"" + hangzhou + "\"}"));
        cases.add(new Case("utf8-bom", key("utf8-bom"), bom, null, hangzhou));
        rejected(
                "utf16-json",
                concat(
                        new byte[] {(byte) 0xFF, (byte) 0xFE},
                        "{\"id\": \"x\", \"address\": \"杭州\"}".getBytes(StandardCharsets.UTF_16LE)),
                FailureReason.INVALID_UTF8);
        rejected(
                "overlong-utf8",
                concat(
                        utf8("{\"id\": \"overlong\", \"address\": \""),
                        new byte[] {(byte) 0xC0, (byte) 0xAF},
                        utf8("\"}")),
                FailureReason.INVALID_UTF8);
        rejected(
                "truncated-utf8",
                concat(
                        utf8("{\"id\": \"truncated-utf8\", \"address\": \"浙"),
                        new byte[] {(byte) 0xE6, (byte) 0xB5},
                        utf8("\"}")),
                FailureReason.INVALID_UTF8);
        rejected(
                "gbk-bytes",
                concat(
                        utf8("{\"id\": \"gbk\", \"address\": \""),
                        "浙江省杭州市".getBytes(java.nio.charset.Charset.forName("GBK")),
                        utf8("\"}")),
                FailureReason.INVALID_UTF8);
        rejected(
                "lone-surrogate",
                "{\"id\": \"lone-surrogate\", \"address\": \"浙江\\ud800杭州\"}",
                FailureReason.INVALID_TEXT);
        rejected(
                "replacement-char",
                "{\"id\": \"replacement-char\", \"address\": \"浙江\uFFFD杭州\"}",
                FailureReason.INVALID_TEXT);
        accepted(
                "escaped-unicode",
                "{\"id\": \"escaped-unicode\", \"address\":"
                        + " \"\\u6d59\\u6c5f\\u7701\\u676d\\u5dde\\u5e02\"}",
                "浙江省杭州市");

        // Characters.
        rejected(
                "escaped-nul",
                "{\"id\": \"escaped-nul\", \"address\": \"浙江\\u0000杭州\"}",
                FailureReason.INVALID_TEXT);
        rejected(
                "bell",
                "{\"id\": \"bell\", \"address\": \"浙江\\u0007杭州\"}",
                FailureReason.INVALID_TEXT);
        rejected(
                "escape-sequence",
                "{\"id\": \"escape-sequence\", \"address\": \"\\u001b[31m浙江杭州\"}",
                FailureReason.INVALID_TEXT);
        accepted("bidi-override", "浙江省杭州市\u202E路一西文\u202C969号");
        accepted("zero-width", "浙\u200B江\u200C省\u200D杭州市\uFEFF西湖区");
        accepted("variation-selectors", "浙江省杭州市西湖区\uFE0F文三路\uDB40\uDD00478号");
        accepted("combining", "浙江省杭州市e\u0301\u0301\u0301路1号");
        accepted("cjk-ext-b", "浙江省杭州市𠀀𠀁𠀂路𪚥号");
        accepted("emoji", "浙江省杭州市西湖区🏠文三路👍478号👨‍👩‍👧");
        accepted("radicals-supplement", "浙江省杭州市⻄湖区⻓江路1号");
        accepted("full-width", "浙江省杭州市西湖区文三路４７８号Ａ座１２０１");
        accepted("traditional", "臺灣省臺北市信義區市府路１號");
        accepted("mixed-scripts", "Москва 浙江省 مرحبا 杭州市 Ελλάδα 西湖区");
        accepted("latin-only", "1600 Amphitheatre Parkway, Mountain View, CA");
        accepted("digits-only", "31010119491001");
        accepted("newlines-tabs", "浙江省\n杭州市\t西湖区\r\n文三路478号");
        accepted("ideographic-spaces", "\u3000浙江省\u3000杭州市\u3000");
        accepted("repeated-prefix", "浙江省浙江省浙江省杭州市杭州市西湖区西湖区");
        rejected(
                "punctuation-only",
                "{\"id\": \"punctuation-only\", \"address\": \"——，。！？\"}",
                FailureReason.INVALID_TEXT);
        rejected(
                "whitespace-address",
                "{\"id\": \"whitespace-address\", \"address\": \" \\t\\u3000 \"}",
                FailureReason.EMPTY_ADDRESS);

        // Text that looks like code.
        accepted("html", "<script>alert('x')</script>浙江省杭州市<b>西湖区</b>");
        accepted("sql", "浙江省杭州市'; DROP TABLE addresses; --");
        accepted("json-in-string", "浙江省\"}],\"id\":\"evil\",\"x\":[{\"杭州市");
        accepted("jndi", "${jndi:ldap://127.0.0.1/a}浙江省杭州市");
        accepted("format-string", "%s%s%n%d%x 浙江省杭州市 {0} {}");
        accepted("backslashes", "浙江省\\\\杭州市\\n西湖区\\u0000");
        accepted("path-traversal", "../../etc/passwd 浙江省杭州市");

        // Ids.
        accepted(
                "id-beyond-64-bits",
                "{\"id\": 123456789012345678901234567890, \"address\": \"" + hangzhou + "\"}",
                hangzhou);
        accepted(
                "id-negative",
                "{\"id\": -9223372036854775809, \"address\": \"" + hangzhou + "\"}",
                hangzhou);
        accepted(
                "id-unicode",
                "{\"id\": \"编号-𠀀-🏠\", \"address\": \"" + hangzhou + "\"}",
                hangzhou);
        rejected(
                "id-float",
                "{\"id\": 1.5, \"address\": \"" + hangzhou + "\"}",
                FailureReason.MISSING_ID);
        rejected(
                "id-boolean",
                "{\"id\": true, \"address\": \"" + hangzhou + "\"}",
                FailureReason.MISSING_ID);
        rejected(
                "id-empty",
                "{\"id\": \"\", \"address\": \"" + hangzhou + "\"}",
                FailureReason.MISSING_ID);
        rejected(
                "id-blank",
                "{\"id\": \"  \", \"address\": \"" + hangzhou + "\"}",
                FailureReason.MISSING_ID);
        rejected(
                "id-array",
                "{\"id\": [1], \"address\": \"" + hangzhou + "\"}",
                FailureReason.MISSING_ID);
        rejected(
                "address-object",
                "{\"id\": \"address-object\", \"address\": {\"city\": \"杭州\"}}",
                FailureReason.ADDRESS_NOT_STRING);
        rejected(
                "address-null",
                "{\"id\": \"address-null\", \"address\": null}",
                FailureReason.MISSING_ADDRESS);
    }

    private static byte[] key(String kind) {
        return utf8("hostile-" + kind);
    }

    private static byte[] paddedKey(String kind, int bytes) {
        String base = "hostile-" + kind + "-";
        return utf8(base + "k".repeat(bytes - base.length()));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A JSON string literal with the escapes JSON requires. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
