package io.github.addrstd.event;

import java.io.Serializable;

/**
 * The size bounds that keep one record from stopping the job: an input beyond them is dead-lettered
 * with a reason, and a dead letter keeps at most {@code deadLetterOriginalBytes} of the original
 * value (plus its length and SHA-256), so no record the job writes can exceed the producer's {@code
 * max.request.size} or the broker's {@code message.max.bytes} (1 MiB by default).
 *
 * @param maxAddressCodePoints longest accepted address, in code points
 * @param maxRecordBytes largest accepted record value, and largest serialized passthrough, in bytes
 * @param maxKeyBytes largest accepted record key, in bytes
 * @param maxIdLength longest accepted id, in characters
 * @param deadLetterOriginalBytes most bytes of the original value a dead letter carries
 */
public record RecordLimits(
        int maxAddressCodePoints,
        int maxRecordBytes,
        int maxKeyBytes,
        int maxIdLength,
        int deadLetterOriginalBytes)
        implements Serializable {

    /**
     * The most bytes one written record may take: the broker's and the producer's default limit (1
     * MiB) with room for the record's own envelope.
     */
    public static final int MAX_WRITTEN_RECORD_BYTES = 1024 * 1024 - 16 * 1024;

    public static final RecordLimits DEFAULTS =
            new RecordLimits(256, 64 * 1024, 1024, 256, 16 * 1024);

    public RecordLimits {
        positive("max-address-length", maxAddressCodePoints);
        positive("max-record-bytes", maxRecordBytes);
        positive("max-key-bytes", maxKeyBytes);
        positive("max-id-length", maxIdLength);
        positive("dead-letter.max-original-bytes", deadLetterOriginalBytes);
        // Worst case of a written record: every byte of a JSON string escaped as six (\\u0000).
        long worstOutput =
                6L * maxRecordBytes
                        + 6L * 4 * maxAddressCodePoints * 3
                        + 6L * maxIdLength * 4
                        + maxKeyBytes;
        if (worstOutput > MAX_WRITTEN_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "max-record-bytes "
                            + maxRecordBytes
                            + " with max-address-length "
                            + maxAddressCodePoints
                            + " and max-id-length "
                            + maxIdLength
                            + " can produce output records of "
                            + worstOutput
                            + " bytes, above the "
                            + MAX_WRITTEN_RECORD_BYTES
                            + " bytes Kafka accepts by default; lower them");
        }
        long worstDeadLetter =
                6L * deadLetterOriginalBytes
                        + 2L * deadLetterOriginalBytes
                        + 6L * maxIdLength * 4
                        + 2L * maxKeyBytes
                        + 8 * 1024;
        if (worstDeadLetter > MAX_WRITTEN_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "dead-letter.max-original-bytes "
                            + deadLetterOriginalBytes
                            + " can produce dead letters of "
                            + worstDeadLetter
                            + " bytes, above the "
                            + MAX_WRITTEN_RECORD_BYTES
                            + " bytes Kafka accepts by default; lower it");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
