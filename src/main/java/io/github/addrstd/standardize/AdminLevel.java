package io.github.addrstd.standardize;

import io.github.addrstd.event.ElementType;

import javax.annotation.Nullable;
import java.util.HashMap;
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

    /** The level an element type names, null for the finer types. */
    public static @Nullable AdminLevel ofElementType(String type) {
        return BY_ELEMENT_TYPE.get(type);
    }
}
