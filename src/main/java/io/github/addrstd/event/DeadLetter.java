package io.github.addrstd.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record that could not be standardized, with the original bytes and a precise reason.
 *
 * @param key the input record's Kafka key (may be null)
 * @param originalValue the input record's value bytes, unchanged
 * @param reason why it failed; {@link FailureReason#stage()} says where
 * @param detail a human-readable explanation (which field, which limit, which exception)
 * @param id the record id when it could be read, else null
 * @param origin topic-partition@offset of the input record
 * @param sourceTimestamp the input record's Kafka timestamp (ms)
 */
public record DeadLetter(
        byte[] key,
        byte[] originalValue,
        FailureReason reason,
        String detail,
        String id,
        String origin,
        long sourceTimestamp) {

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d
                && Arrays.equals(key, d.key)
                && Arrays.equals(originalValue, d.originalValue)
                && reason == d.reason
                && Objects.equals(detail, d.detail)
                && Objects.equals(id, d.id)
                && Objects.equals(origin, d.origin)
                && sourceTimestamp == d.sourceTimestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(originalValue), reason, id, origin);
    }
}
