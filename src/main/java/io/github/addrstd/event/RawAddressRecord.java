package io.github.addrstd.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record from the raw-address topic, exactly as it arrived: nothing is parsed yet, so a
 * record that later fails validation can still be dead-lettered with its original bytes.
 */
public record RawAddressRecord(
        byte[] key, byte[] value, String topic, int partition, long offset, long timestamp) {

    /** Where the record came from, e.g. {@code raw-address-0@42}, for dead letters and logs. */
    public String origin() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAddressRecord r
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && Objects.equals(topic, r.topic)
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), topic, partition, offset);
    }

    @Override
    public String toString() {
        return "RawAddressRecord{"
                + origin()
                + ", "
                + (value == null ? 0 : value.length)
                + " bytes}";
    }
}
