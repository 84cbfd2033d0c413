package io.github.addrstd.event;

/**
 * An address after the tagger: its elements, or why tagging failed (then standardization falls back
 * to the gazetteer alone).
 *
 * @param request the validated input
 * @param outcome the tagging result or failure
 * @param modelVersion the version of the model that tagged it (empty if none was loaded)
 */
public record TaggedAddress(AddressRequest request, TaggingOutcome outcome, String modelVersion) {}
