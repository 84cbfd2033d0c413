package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Set;

/**
 * The prior for an address whose text fits several units equally well (朝阳区 alone: Beijing's or
 * Changchun's): the unit of the higher-ranking city, a proxy for how many people live there and how
 * many addresses are written there. From the code itself (GB/T 2260): a district of one of the four
 * municipalities (北京, 天津, 上海, 重庆: province codes 11, 12, 31, 50) first, then one of a provincial
 * capital (the province's first city, code xx01: 杭州 3301, 长春 2201, 南京 3201), then any other. If the
 * best rank is shared (南京's and 福州's 鼓楼区: both capitals), there is no choice. The choice stays
 * flagged AMBIGUOUS with the alternatives, at half the confidence.
 */
final class AdministrativeRank {

    private static final Set<String> MUNICIPALITIES = Set.of("11", "12", "31", "50");

    /** 大连, 青岛, 宁波, 厦门, 深圳: the sub-provincial cities that are not provincial capitals. */
    private static final Set<String> SUB_PROVINCIAL_CITIES =
            Set.of("2102", "3702", "3302", "3502", "4403");

    private static final int MUNICIPALITY = 0;
    private static final int CAPITAL_OR_SUB_PROVINCIAL = 1;
    private static final int OTHER = 2;

    /**
     * The one unit of the highest rank among {@code tied}, or null if that rank is shared or a
     * township is among them.
     */
    static @Nullable AdminUnit likeliest(List<AdminUnit> tied) {
        if (tied.stream().anyMatch(u -> u.level() == AdminLevel.TOWN)) {
            return null;
        }
        AdminUnit best = null;
        int bestRank = Integer.MAX_VALUE;
        boolean shared = false;
        for (AdminUnit u : tied) {
            int rank = rank(u);
            if (rank < bestRank) {
                best = u;
                bestRank = rank;
                shared = false;
            } else if (rank == bestRank) {
                shared = true;
            }
        }
        return shared ? null : best;
    }

    static int rank(AdminUnit unit) {
        if (unit.code().length() < 4) {
            return OTHER; // a province: ties between provinces are not a matter of rank
        }
        if (MUNICIPALITIES.contains(unit.code().substring(0, 2))) {
            return MUNICIPALITY;
        }
        String city = unit.code().substring(0, 4);
        return city.endsWith("01") || SUB_PROVINCIAL_CITIES.contains(city)
                ? CAPITAL_OR_SUB_PROVINCIAL
                : OTHER;
    }

    private AdministrativeRank() {}
}
