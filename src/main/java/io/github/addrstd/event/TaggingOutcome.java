package io.github.addrstd.event;

import static java.util.Objects.requireNonNull;

import javax.annotation.Nullable;

/**
 * Either the tagging of one address or why it failed. The micro-batcher completes every record's
 * future with one of these, so one bad record never fails its batch-mates.
 */
public record TaggingOutcome(
        @Nullable TaggedElements result, @Nullable FailureReason failure, @Nullable String detail) {

    public static TaggingOutcome success(TaggedElements result) {
        return new TaggingOutcome(requireNonNull(result), null, null);
    }

    public static TaggingOutcome failure(FailureReason reason, String detail) {
        return new TaggingOutcome(null, requireNonNull(reason), detail);
    }

    public boolean succeeded() {
        return result != null;
    }
}
