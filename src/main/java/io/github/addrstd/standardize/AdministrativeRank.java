package io.github.addrstd.standardize;

import javax.annotation.Nullable;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The prior for an address whose text fits several units equally well (朝阳区 alone: Beijing's or
 * Changchun's), in two steps, each a proxy for how many people live in a unit and so how many
 * addresses are written there.
 *
 * <p>First the unit of the higher-ranking city: a district of one of the four municipalities (北京,
 * 天津, 上海, 重庆: province codes 11, 12, 31, 50) first, then one of the 15 sub-provincial cities (副省级市,
 * the rank the State Council's 1994-1995 decisions gave 10 provincial capitals and 5 separately
 * planned cities; every one above 7 million people in the 2020 census), then one of another
 * provincial capital (the province's first city, code xx01: 福州 3501, 兰州 6201), then any other. So
 * 鼓楼区 alone is 南京's (sub-provincial) before 福州's, 开封's or 徐州's.
 *
 * <p>Then, among units of the same rank, the one of the highest level (a name shared by a
 * prefecture and a county: the prefecture), then the one with the most urban subdistricts (街道, the
 * township-level unit of city neighbourhoods, as the National Bureau of Statistics' division codes
 * list them: {@link Gazetteer#urbanSubdistricts}): 兰州's 城关区 (25) before 拉萨's (12), 鞍山's 铁东区 (10)
 * before 四平's (8). If the most is shared (鹤岗's and 佳木斯's 向阳区, 5 each), there is no choice. The
 * choice stays flagged AMBIGUOUS with the alternatives, at half the confidence.
 */
final class AdministrativeRank {

    private static final Set<String> MUNICIPALITIES = Set.of("11", "12", "31", "50");

    /**
     * The sub-provincial cities: 沈阳, 长春, 哈尔滨, 南京, 杭州, 济南, 武汉, 广州, 成都, 西安 (capitals) and 大连, 青岛, 宁波,
     * 厦门, 深圳.
     */
    private static final Set<String> SUB_PROVINCIAL_CITIES =
            Set.of(
                    "2101", "2201", "2301", "3201", "3301", "3701", "4201", "4401", "5101", "6101",
                    "2102", "3702", "3302", "3502", "4403");

    private static final int MUNICIPALITY = 0;
    private static final int SUB_PROVINCIAL = 1;
    private static final int CAPITAL = 2;
    private static final int OTHER = 3;

    /**
     * The one unit of the highest rank among {@code tied}, within that rank the one of the highest
     * level (a province or prefecture holds more people than a county named like it: 海南省 before
     * 乌海's 海南区), then the one with the most urban subdistricts; null if that is shared or a
     * township is among them.
     */
    static @Nullable AdminUnit likeliest(
            List<AdminUnit> tied, ToIntFunction<AdminUnit> subdistricts) {
        if (tied.stream().anyMatch(u -> u.level() == AdminLevel.TOWN)) {
            return null;
        }
        AdminUnit best = null;
        int bestRank = Integer.MAX_VALUE;
        int bestSubdistricts = -1;
        boolean shared = false;
        int bestLevel = Integer.MAX_VALUE;
        for (AdminUnit u : tied) {
            int rank = rank(u);
            int level = u.level().ordinal();
            int count = subdistricts.applyAsInt(u);
            int order =
                    rank != bestRank
                            ? Integer.compare(rank, bestRank)
                            : level != bestLevel
                                    ? Integer.compare(level, bestLevel)
                                    : Integer.compare(bestSubdistricts, count);
            if (order < 0) {
                best = u;
                bestRank = rank;
                bestLevel = level;
                bestSubdistricts = count;
                shared = false;
            } else if (order == 0) {
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
        if (SUB_PROVINCIAL_CITIES.contains(city)) {
            return SUB_PROVINCIAL;
        }
        return city.endsWith("01") ? CAPITAL : OTHER;
    }

    private AdministrativeRank() {}
}
