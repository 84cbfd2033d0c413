package io.github.addrstd.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes record bytes as UTF-8 and refuses anything else, where {@code new String(bytes, UTF_8)}
 * would silently put U+FFFD in place of malformed or truncated sequences: a record's own characters
 * are never replaced, on the way in (validation) or out (dead letters).
 */
public final class StrictUtf8 {

    private StrictUtf8() {}

    /** The text of {@code bytes}; throws when they are not well-formed UTF-8. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
