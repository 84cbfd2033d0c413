package io.github.addrstd.model;

import io.github.addrstd.event.TaggedElements;

import java.util.List;

/**
 * The output of one forward pass.
 *
 * @param results one result per input text, in input order
 * @param paddedLength the sequence length the batch was padded to
 * @param realTokens the number of non-padding tokens in the batch (for the padding ratio)
 */
public record ForwardPassOutput(List<TaggedElements> results, int paddedLength, long realTokens) {}
