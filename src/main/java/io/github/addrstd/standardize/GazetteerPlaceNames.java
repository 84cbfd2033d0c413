package io.github.addrstd.standardize;

import io.github.addrstd.text.PlaceNames;
import io.github.addrstd.text.TextNormalizer;

/**
 * The bundled gazetteer's names (every administrative unit's full, short and former names) as the
 * {@link PlaceNames} that keep a place beside a phone number from being taken for a recipient. An
 * enum: it travels with the job's tagger factory as a name, and the gazetteer loads once per JVM.
 */
public enum GazetteerPlaceNames implements PlaceNames {
    INSTANCE;

    @Override
    public boolean isPlaceName(String name) {
        return !Gazetteer.getDefault().lookup(TextNormalizer.clean(name)).isEmpty();
    }
}
