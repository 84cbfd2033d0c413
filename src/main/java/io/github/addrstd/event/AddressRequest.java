package io.github.addrstd.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated address record on its way to the tagger.
 *
 * @param id the producer's record id
 * @param address the raw address text, as sent (validation never rewrites it)
 * @param key the Kafka key of the input record, kept so consumers can join on it (may be null)
 * @param passthroughJson every input field other than {@code id} and {@code address}, as a JSON
 *     object text, carried through to the output untouched
 * @param sourceTimestamp the Kafka record timestamp (ms), the start of end-to-end latency
 * @param origin topic-partition@offset of the input record
 * @param originalValue the input record's value bytes, for a dead letter after validation
 */
public record AddressRequest(
        String id,
        String address,
        byte[] key,
        String passthroughJson,
        long sourceTimestamp,
        String origin,
        byte[] originalValue) {

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRequest r
                && id.equals(r.id)
                && address.equals(r.address)
                && Arrays.equals(key, r.key)
                && Objects.equals(passthroughJson, r.passthroughJson)
                && sourceTimestamp == r.sourceTimestamp
                && Objects.equals(origin, r.origin)
                && Arrays.equals(originalValue, r.originalValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, address, Arrays.hashCode(key), origin);
    }
}
