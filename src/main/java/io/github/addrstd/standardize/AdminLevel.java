package io.github.addrstd.standardize;

import io.github.addrstd.event.ElementType;

import javax.annotation.Nullable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The four administrative levels this project standardizes, from the top. */
public enum AdminLevel {
    PROVINCE,
    CITY,
    DISTRICT,
    TOWN;

    private static final Map<String, AdminLevel> BY_ELEMENT_TYPE = new HashMap<>();

    static {
        for (ElementType type : ElementType.all()) {
            if (type.adminLevel() != null) {
                BY_ELEMENT_TYPE.put(type.name(), valueOf(type.adminLevel()));
            }
        }
    }

    /** The level's name as flags write it: province, city, district, town. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The label of the level below this one (the deepest level's own). */
    String labelBelow() {
        AdminLevel[] levels = values();
        return ordinal() + 1 < levels.length ? levels[ordinal() + 1].label() : label();
    }

    /** The level an element type names, null for the finer types. */
    public static @Nullable AdminLevel ofElementType(String type) {
        return BY_ELEMENT_TYPE.get(type);
    }
}
