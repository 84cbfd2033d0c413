package io.github.addrstd.source;

/** Where the raw-address source starts reading when the job has no state to restore from. */
public enum StartingOffsets {
    /** The consumer group's committed offsets, the earliest offset where the group has none. */
    COMMITTED,
    EARLIEST,
    LATEST
}
