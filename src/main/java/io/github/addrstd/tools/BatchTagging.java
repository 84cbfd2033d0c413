package io.github.addrstd.tools;

import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.AddressTagger;

import java.util.ArrayList;
import java.util.List;

/**
 * Tags a list of addresses in batches through the shared tagger, reporting progress: the commands'
 * one loop.
 */
final class BatchTagging {

    private BatchTagging() {}

    static List<TaggingOutcome> tagAll(
            AddressTagger tagger, List<String> texts, int batchSize, String what) {
        Progress progress = new Progress(what, texts.size());
        List<TaggingOutcome> outcomes = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += batchSize) {
            outcomes.addAll(tagger.tag(texts.subList(i, Math.min(texts.size(), i + batchSize))));
            progress.update(outcomes.size());
        }
        return outcomes;
    }
}
