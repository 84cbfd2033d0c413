package io.github.addrstd.model;

import io.github.addrstd.event.TaggingOutcome;

import java.util.List;

/**
 * Tags batches of addresses. Implementations take concurrent calls (the micro-batcher's {@code
 * batch.concurrency} workers, 2 by default, share one tagger), and must return one outcome per
 * input, in order, failing individual records rather than the whole call.
 */
public interface AddressTagger extends AutoCloseable {

    List<TaggingOutcome> tag(List<String> addresses);

    /** Written into every output record, e.g. {@code default-tagger-1.0}. */
    String modelVersion();

    /** The longest input in word pieces, [CLS] and [SEP] included; longer input is truncated. */
    int maxSequenceLength();

    /**
     * An upper bound of the word pieces this address becomes, without tokenizing it: BERT-Chinese
     * gives at most one piece per code point, plus [CLS] and [SEP]. Used by the token budget.
     */
    default int estimateTokens(String address) {
        return Math.min(maxSequenceLength(), address.codePointCount(0, address.length()) + 2);
    }

    @Override
    void close();
}
