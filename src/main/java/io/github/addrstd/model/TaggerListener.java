package io.github.addrstd.model;

/** Hooks for the tagger's events, implemented by the metrics layer. */
public interface TaggerListener {

    TaggerListener NONE = new TaggerListener() {};

    /** One successful forward pass of {@code records} records padded to {@code paddedLength}. */
    default void onForwardPass(int records, int paddedLength, long realTokens) {}

    /** The device ran out of memory on a batch of {@code records} records. */
    default void onOutOfMemory(int records) {}

    /** A failed batch of {@code records} records is split in two and retried. */
    default void onBatchSplit(int records) {}
}
