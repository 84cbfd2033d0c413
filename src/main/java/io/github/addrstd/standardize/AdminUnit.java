package io.github.addrstd.standardize;

import javax.annotation.Nullable;

/**
 * One administrative unit of the gazetteer.
 *
 * @param code the statistics-bureau code: 2 digits (province), 4 (city), 6 (district), 9 (town)
 * @param name the canonical name, e.g. 余杭区
 * @param level the unit's level
 * @param parent the enclosing unit, null for provinces
 */
public record AdminUnit(String code, String name, AdminLevel level, @Nullable AdminUnit parent) {

    /**
     * The enclosing unit at {@code level}, or null if this unit is above it or the chain skips it.
     */
    @Nullable
    public AdminUnit ancestor(AdminLevel target) {
        for (AdminUnit u = this; u != null; u = u.parent) {
            if (u.level == target) {
                return u;
            }
        }
        return null;
    }

    /** Whether {@code other} is this unit or one of its ancestors. */
    public boolean isWithin(AdminUnit other) {
        for (AdminUnit u = this; u != null; u = u.parent) {
            if (u == other) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdminUnit u && u.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }
}
