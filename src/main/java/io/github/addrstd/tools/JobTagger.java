package io.github.addrstd.tools;

import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.standardize.GazetteerPlaceNames;

import java.nio.file.Path;

/**
 * The tagger the tools measure and run, built as the job builds it: a model directory and the
 * gazetteer's place names (which tell a recipient from a place beside a phone number); device,
 * precision and the rest are the caller's.
 */
final class JobTagger {

    private JobTagger() {}

    static DjlAddressTagger.Builder builder(Path modelDirectory) {
        return DjlAddressTagger.builder()
                .setModelDirectory(ModelDirectory.open(modelDirectory))
                .optPlaceNames(GazetteerPlaceNames.INSTANCE);
    }
}
