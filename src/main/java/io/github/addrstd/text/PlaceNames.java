package io.github.addrstd.text;

import java.io.Serializable;

/**
 * Tells a place name from a person's: 杭州 beside a phone number is a place, 张伟 a recipient. The
 * gazetteer knows; without it ({@link #UNKNOWN}) only names that cannot be the address's are taken
 * for recipients. Serializable: the job ships it to the TaskManagers with the tagger's factory.
 */
public interface PlaceNames extends Serializable {

    /** Knows no place names. */
    PlaceNames UNKNOWN = Unknown.INSTANCE;

    /** Whether {@code name} names a place (an administrative unit, in any of its written forms). */
    boolean isPlaceName(String name);

    /** Whether {@link #isPlaceName} knows anything; false for {@link #UNKNOWN}. */
    default boolean known() {
        return true;
    }

    /** The one {@link #UNKNOWN}: an enum, so it stays itself through serialization. */
    enum Unknown implements PlaceNames {
        INSTANCE;

        @Override
        public boolean isPlaceName(String name) {
            return false;
        }

        @Override
        public boolean known() {
            return false;
        }
    }
}
