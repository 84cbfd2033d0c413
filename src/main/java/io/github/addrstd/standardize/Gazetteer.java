package io.github.addrstd.standardize;

import io.github.addrstd.text.TextNormalizer;

import javax.annotation.Nullable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * China's administrative divisions (province, city, county, township) with their codes, loaded once
 * per JVM from the vendored statistics-bureau data (reference date 2023-06-30) and the three
 * regions it leaves out (台湾省, 香港特别行政区, 澳门特别行政区, with Hong Kong's districts and Macau's parishes;
 * Taiwan's counties and cities are places kept as written), plus the names people actually write:
 * short forms (浙江, 杭州, 余杭), and former names of renamed or merged units.
 *
 * <p>Conventions, the same everywhere in the output:
 *
 * <ul>
 *   <li>Municipalities (北京, 上海, 天津, 重庆): the city level is the municipality itself, with the
 *       province's name and the statistics bureau's city code (1101, 3101, 5001 or 5002).
 *   <li>County-level units administered directly by a province (济源市, 仙桃市, 石河子市): no city level; the
 *       county's parent is the province.
 *   <li>Prefecture-level cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市): no county level; towns hang
 *       directly under the city.
 *   <li>Hong Kong's districts and Macau's parishes: county level, directly under the region (no
 *       city level), numbered as Amap's district service numbers them (810001, 820001: GB/T 2260
 *       codes none).
 * </ul>
 */
public final class Gazetteer {

    /**
     * Placeholder names copied from drop-down forms, and what form exports write for an empty field
     * (浙江省温州市null浙江省温州市…, seen in the real NAACL 2019 corpus); they name no unit.
     */
    public static final Set<String> PLACEHOLDERS =
            Set.of(
                    "市辖区",
                    "县",
                    "省直辖县级行政区划",
                    "自治区直辖县级行政区划",
                    "省直辖行政单位",
                    "直辖县",
                    "其它区",
                    "其他区",
                    "null",
                    "NULL",
                    "Null",
                    "undefined");

    private static final String[] ETHNIC_GROUPS = {
        "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "蒙古族", "朝鲜族", "土家族", "布依族", "哈尼族", "傈僳族", "拉祜族", "东乡族", "纳西族",
        "景颇族", "达斡尔族", "仫佬族", "毛南族", "仡佬族", "鄂温克族", "鄂伦春族", "壮族", "回族", "藏族", "苗族", "彝族", "侗族",
        "瑶族", "白族", "傣族", "黎族", "佤族", "畲族", "水族", "土族", "羌族", "布朗族", "撒拉族", "锡伯族", "阿昌族", "普米族",
        "怒族", "德昂族", "保安族", "裕固族", "京族", "独龙族", "赫哲族", "门巴族", "珞巴族", "基诺族", "满族", "各族"
    };

    /**
     * Taiwan, Hong Kong and Macau: the province-level units the statistics-bureau data leaves out
     * (special-administrative-regions.csv), with what is known below them in
     * special-administrative-region-divisions.csv.
     */
    private static final Set<String> SPECIAL_REGIONS = Set.of("71", "81", "82");

    private static volatile Gazetteer defaultInstance;

    private final Map<String, AdminUnit> byCode = new HashMap<>();
    private final Map<String, List<NameMatch>> byName = new HashMap<>();
    private final Map<AdminUnit, Integer> urbanSubdistricts = new HashMap<>();
    private final NameScanner scanner;

    /**
     * A name and the unit it denotes; {@code formerName} is set for renamed or merged units. A
     * {@code placeWithin} name (台北市) is not the unit's own name but a place inside it that the
     * output has no unit for: evidence for the unit, kept in the text as written. An {@code
     * afterRegion} name (东区 of 香港) denotes the unit only once its special region is named.
     */
    public record NameMatch(
            AdminUnit unit,
            boolean shortForm,
            String formerName,
            int changeYear,
            boolean placeWithin,
            boolean afterRegion) {

        public NameMatch(AdminUnit unit, boolean shortForm, String formerName, int changeYear) {
            this(unit, shortForm, formerName, changeYear, false, false);
        }
    }

    private Gazetteer() {
        Map<String, String> provinces = new LinkedHashMap<>();
        read("provinces.csv", r -> provinces.put(r[0], r[1]));
        for (Map.Entry<String, String> p : provinces.entrySet()) {
            put(new AdminUnit(p.getKey(), p.getValue(), AdminLevel.PROVINCE, null));
        }
        read(
                "cities.csv",
                r -> {
                    AdminUnit province = byCode.get(r[2]);
                    if (r[1].endsWith("直辖县级行政区划")) {
                        return; // directly administered counties: no city level
                    }
                    String name = PLACEHOLDERS.contains(r[1]) ? province.name() : r[1];
                    put(new AdminUnit(r[0], name, AdminLevel.CITY, province));
                });
        read(
                "areas.csv",
                r -> {
                    AdminUnit city = byCode.get(r[2]);
                    AdminUnit parent = city != null ? city : byCode.get(r[3]);
                    if (city != null && city.name().equals(r[1])) {
                        byCode.put(r[0], city); // 东莞市 441900 is 东莞市 4419 itself
                        return;
                    }
                    put(new AdminUnit(r[0], r[1], AdminLevel.DISTRICT, parent));
                });
        read(
                "streets.csv",
                r -> {
                    // Township part 000: a placeholder row for a county with no listed townships
                    // (金门县 under 金门县), not a township.
                    if (!r[0].endsWith("000")) {
                        put(new AdminUnit(r[0], r[1], AdminLevel.TOWN, byCode.get(r[2])));
                    }
                });
        for (AdminUnit unit : byCode.values()) {
            if (unit.level() == AdminLevel.TOWN && unit.name().endsWith("街道")) {
                urbanSubdistricts.merge(unit.parent(), 1, Integer::sum);
            }
        }
        Set<AdminUnit> units = new LinkedHashSet<>(byCode.values());
        for (AdminUnit unit : units) {
            addAliases(unit);
        }
        for (AdminUnit unit : units) {
            addAutonomousAbbreviation(unit);
        }
        read(
                "special-administrative-regions.csv",
                r -> {
                    if (!SPECIAL_REGIONS.contains(r[0])) {
                        throw new IllegalStateException(
                                "special-administrative-regions.csv: unexpected code " + r[0]);
                    }
                    AdminUnit region = new AdminUnit(r[0], r[1], AdminLevel.PROVINCE, null);
                    put(region);
                    addName(r[1], new NameMatch(region, false, null, 0));
                    addName(r[2], new NameMatch(region, true, null, 0));
                });
        read("special-administrative-region-divisions.csv", this::addRegionDivision);
        read(
                "renamed-units.csv",
                r -> {
                    AdminUnit current = byCode.get(r[2]);
                    if (current == null) {
                        throw new IllegalStateException(
                                "renamed-units.csv: unknown code " + r[2] + " for " + r[0]);
                    }
                    addName(r[0], new NameMatch(current, false, r[0], Integer.parseInt(r[3])));
                });
        read(
                "informal-names.csv",
                r -> {
                    AdminUnit unit = byCode.get(r[1]);
                    // Weighed as a short name.
                    if (unit == null
                            || !addUnlessAnotherUnitsName(
                                    r[0], new NameMatch(unit, true, null, 0))) {
                        throw new IllegalStateException(
                                "informal-names.csv: "
                                        + r[0]
                                        + " is no name of unit "
                                        + r[1]
                                        + " alone");
                    }
                });
        List<String> scanned = new ArrayList<>();
        for (Map.Entry<String, List<NameMatch>> e : byName.entrySet()) {
            if (findableInText(e.getValue())) {
                scanned.add(e.getKey());
            }
        }
        this.scanner = new NameScanner(scanned);
    }

    /**
     * Whether a name that denotes {@code matches} may be looked for in free text: town short names
     * (城关, 新华) are too common, so towns match by full name there.
     */
    static boolean findableInText(List<NameMatch> matches) {
        for (NameMatch m : matches) {
            if (m.unit().level() != AdminLevel.TOWN || !m.shortForm()) {
                return true;
            }
        }
        return false;
    }

    /** The gazetteer from the bundled data, loaded on first use. */
    public static Gazetteer getDefault() {
        Gazetteer g = defaultInstance;
        if (g == null) {
            synchronized (Gazetteer.class) {
                g = defaultInstance;
                if (g == null) {
                    g = new Gazetteer();
                    defaultInstance = g;
                }
            }
        }
        return g;
    }

    private void put(AdminUnit unit) {
        byCode.put(unit.code(), unit);
    }

    private void addAliases(AdminUnit unit) {
        addName(unit.name(), new NameMatch(unit, false, null, 0));
        String shortName = shortName(unit);
        if (shortName != null && !shortName.equals(unit.name())) {
            // 邵阳县 must never be read as 邵阳市: a county whose short name is its city's gets none.
            AdminUnit city = unit.ancestor(AdminLevel.CITY);
            boolean clashesWithCity =
                    unit.level() == AdminLevel.DISTRICT
                            && city != null
                            && shortName.equals(shortName(city));
            if (!clashesWithCity) {
                addName(shortName, new NameMatch(unit, true, null, 0));
            }
        }
    }

    /**
     * 石柱县 for 石柱土家族自治县, 德宏州 for 德宏傣族景颇族自治州: the short name with the kind of unit, as people (and
     * local offices) write them; 广西省 for 广西壮族自治区, a common slip. Not where another unit has that
     * name (红河县 is a county of 红河州).
     */
    private void addAutonomousAbbreviation(AdminUnit unit) {
        String name = unit.name();
        boolean region = unit.level() == AdminLevel.PROVINCE && name.endsWith("自治区");
        boolean autonomous =
                unit.level() != AdminLevel.TOWN
                        && (name.endsWith("自治州") || name.endsWith("自治县") || name.endsWith("自治旗"));
        if (!(region || autonomous)) {
            return;
        }
        String shortName = shortName(unit);
        if (shortName == null) {
            return;
        }
        String abbreviation = shortName + (region ? '省' : name.charAt(name.length() - 1));
        addUnlessAnotherUnitsName(abbreviation, new NameMatch(unit, true, null, 0));
    }

    /**
     * One row of special-administrative-region-divisions.csv: a district or parish (with a code), a
     * second name of one, or a place without a unit of its own (no code).
     */
    private void addRegionDivision(String[] r) {
        AdminUnit within = byCode.get(r[3]);
        if (within == null || !isSpecialRegion(within.ancestor(AdminLevel.PROVINCE))) {
            throw new IllegalStateException(
                    "special-administrative-region-divisions.csv: " + r[1] + " within " + r[3]);
        }
        boolean place = r[0].isEmpty();
        AdminUnit unit = place ? within : byCode.get(r[0]);
        if (unit == null) {
            unit = new AdminUnit(r[0], r[1], AdminLevel.DISTRICT, within);
            put(unit);
        }
        boolean afterRegion = r[4].equals("yes");
        addName(r[1], new NameMatch(unit, false, null, 0, place, afterRegion));
        String shortName = r[2];
        // A short form another unit already answers to (湾仔 is also 珠海's 湾仔街道) stays that unit's.
        if (!shortName.isEmpty()) {
            addUnlessAnotherUnitsName(
                    shortName, new NameMatch(unit, true, null, 0, place, afterRegion));
        }
    }

    /**
     * Adds {@code name} for {@code match}'s unit unless another unit already answers to it; whether
     * it did.
     */
    private boolean addUnlessAnotherUnitsName(String name, NameMatch match) {
        if (lookup(name).stream().anyMatch(m -> !m.unit().equals(match.unit()))) {
            return false;
        }
        addName(name, match);
        return true;
    }

    private void addName(String name, NameMatch match) {
        List<NameMatch> list = byName.computeIfAbsent(name, n -> new ArrayList<>(1));
        if (list.stream().noneMatch(m -> m.unit().equals(match.unit()))) {
            list.add(match);
        }
    }

    /** The informal short form (浙江省 -> 浙江, 延边朝鲜族自治州 -> 延边), or null if none is safe. */
    static String shortName(AdminUnit unit) {
        String name = unit.name();
        switch (unit.level()) {
            case PROVINCE:
                for (String suffix : new String[] {"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"}) {
                    if (name.endsWith(suffix)) {
                        return name.substring(0, name.length() - suffix.length());
                    }
                }
                return null;
            case CITY:
            case DISTRICT:
                if (name.endsWith("自治州") || name.endsWith("自治县") || name.endsWith("自治旗")) {
                    String base = stripEthnic(name.substring(0, name.length() - 3));
                    return base.length() >= 2 ? base : null;
                }
                for (String suffix : new String[] {"地区", "新区", "林区", "市", "区", "县", "盟", "旗"}) {
                    if (name.endsWith(suffix) && name.length() - suffix.length() >= 2) {
                        return name.substring(0, name.length() - suffix.length());
                    }
                }
                return null;
            case TOWN:
                for (String suffix : new String[] {"街道办事处", "街道", "镇", "乡"}) {
                    if (name.endsWith(suffix) && name.length() - suffix.length() >= 2) {
                        return name.substring(0, name.length() - suffix.length());
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static String stripEthnic(String base) {
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String group : ETHNIC_GROUPS) {
                if (base.endsWith(group) && base.length() > group.length()) {
                    base = base.substring(0, base.length() - group.length());
                    stripped = true;
                }
            }
        }
        return base;
    }

    /**
     * Whether {@code province} is Taiwan, Hong Kong or Macau, where the gazetteer knows few names
     * below the region and people write places it does not know.
     */
    public static boolean isSpecialRegion(@Nullable AdminUnit province) {
        return province != null && SPECIAL_REGIONS.contains(province.code());
    }

    /**
     * Whether {@code unit} is a township-like unit (类似乡级单位: a development zone, farm or forest farm
     * listed among the townships; township codes 400 and above in the statistical division codes)
     * rather than a town, township or subdistrict.
     */
    static boolean isTownshipLikeUnit(AdminUnit unit) {
        String code = unit.code();
        return unit.level() == AdminLevel.TOWN && code.length() == 9 && code.charAt(6) >= '4';
    }

    /**
     * Whether {@code matches} are several township-like units sharing one generic name (高新区, 经济开发区,
     * 工业园区, 良种场): such a name says what kind of place it is, not where.
     */
    static boolean isGenericZoneName(List<NameMatch> matches) {
        int zones = 0;
        for (NameMatch m : matches) {
            if (m.unit().level() == AdminLevel.TOWN && m.shortForm()) {
                continue; // 工业园区 for 工业园区街道: a township's short name is no evidence anyway
            }
            if (!isTownshipLikeUnit(m.unit())) {
                return false;
            }
            zones++;
        }
        return zones >= 2;
    }

    public AdminUnit byCode(String code) {
        return byCode.get(code);
    }

    /**
     * How many urban subdistricts (街道, the township-level unit of city neighbourhoods) the division
     * codes list directly under {@code unit}: a proxy for its urban population, which the {@link
     * AdministrativeRank} prior reads (兰州's 城关区 has 25, 拉萨's 12).
     */
    int urbanSubdistricts(AdminUnit unit) {
        return urbanSubdistricts.getOrDefault(unit, 0);
    }

    /** Every unit this exact name (full, short or former) may denote. */
    public List<NameMatch> lookup(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /**
     * Longest non-overlapping gazetteer names in {@code text} (use {@link
     * TextNormalizer#forMatching}).
     */
    List<NameScanner.Hit> scan(String text) {
        return scanner.scan(text);
    }

    private static void read(String file, Consumer<String[]> row) {
        String resource = "/gazetteer/" + file;
        try (InputStream in = Gazetteer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "gazetteer resource " + resource + " is missing from the classpath");
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = line.split(",", -1);
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = fields[i].strip().replace("\"", "");
                }
                row.accept(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
