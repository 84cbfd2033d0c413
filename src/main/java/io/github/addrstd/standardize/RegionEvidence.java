package io.github.addrstd.standardize;

import java.util.List;

/**
 * What the names found so far say about regions (provinces): Taiwan, Hong Kong and Macau and the
 * places in them head an address or follow their own region (香港九龙城区), so a place there counts only
 * once its region is named; elsewhere (香港财富广场 after 中市街道) it is a shop's name.
 */
final class RegionEvidence {

    private RegionEvidence() {}

    /** Whether {@code named} names something, and only units in Taiwan, Hong Kong or Macau. */
    static boolean inSpecialRegions(List<Gazetteer.NameMatch> named) {
        for (Gazetteer.NameMatch nm : named) {
            if (!Gazetteer.isSpecialRegion(province(nm.unit()))) {
                return false;
            }
        }
        return !named.isEmpty();
    }

    /** Whether {@code named} names 台湾省, 香港 or 澳门 themselves (no unit below them, nothing else). */
    static boolean namesASpecialRegionItself(List<Gazetteer.NameMatch> named) {
        for (Gazetteer.NameMatch nm : named) {
            if (nm.unit().level() != AdminLevel.PROVINCE || !Gazetteer.isSpecialRegion(nm.unit())) {
                return false;
            }
        }
        return !named.isEmpty();
    }

    /** Whether a mention found so far names a unit in the region of one of {@code named}. */
    static boolean regionAlreadyNamed(List<Gazetteer.NameMatch> named, List<Mention> mentions) {
        for (Mention m : mentions) {
            for (Gazetteer.NameMatch earlier : m.matches) {
                for (Gazetteer.NameMatch nm : named) {
                    if (province(earlier.unit()) == province(nm.unit())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static AdminUnit province(AdminUnit unit) {
        return unit.ancestor(AdminLevel.PROVINCE);
    }
}
