package io.github.addrstd.standardize;

import io.github.addrstd.event.DeadLetter;
import io.github.addrstd.event.FailureReason;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedRecord;
import io.github.addrstd.event.TaggedAddress;
import io.github.addrstd.event.TaggingOutcome;

import javax.annotation.Nullable;
import java.util.List;

/**
 * Turns one tagged record into its output record, or its dead letter: standardized with the model's
 * elements when tagging succeeded, from the gazetteer alone (degraded) when it failed, and
 * dead-lettered when nothing at all resolves, with the tagging failure (if any) as the reason. The
 * job's {@link StandardizeFunction} and {@code bin/standardize} both go through here.
 */
public final class RecordStandardizer {

    /** Exactly one of the two is set. */
    public record Result(@Nullable StandardizedRecord record, @Nullable DeadLetter deadLetter) {}

    private final Standardizer standardizer;

    public RecordStandardizer(Standardizer standardizer) {
        this.standardizer = standardizer;
    }

    public Result standardize(TaggedAddress tagged, long nowMillis) {
        TaggingOutcome outcome = tagged.outcome();
        String address = tagged.request().address();
        StandardizedAddress result =
                outcome.succeeded()
                        ? standardizer.standardize(
                                address, outcome.result().elements(), outcome.result().truncated())
                        : standardizer.standardize(address, null, false);
        if (!result.resolvedAnything()) {
            FailureReason reason =
                    outcome.succeeded() ? FailureReason.UNRESOLVABLE : outcome.failure();
            String detail =
                    outcome.succeeded()
                            ? "no administrative unit or address element found"
                            : outcome.detail()
                                    + "; the gazetteer found no administrative unit either";
            return new Result(
                    null,
                    new DeadLetter(
                            tagged.request().key(),
                            tagged.request().originalValue(),
                            reason,
                            detail,
                            tagged.request().id(),
                            tagged.request().origin(),
                            tagged.request().sourceTimestamp()));
        }
        return new Result(
                new StandardizedRecord(
                        tagged.request(),
                        outcome.succeeded() ? outcome.result().elements() : List.of(),
                        result,
                        tagged.modelVersion(),
                        outcome.succeeded() ? null : outcome.failure() + ": " + outcome.detail(),
                        nowMillis),
                null);
    }
}
