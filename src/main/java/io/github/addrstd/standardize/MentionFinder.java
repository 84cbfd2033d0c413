package io.github.addrstd.standardize;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.ElementType;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.text.TextNormalizer;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the administrative names of an address: the model's prov/city/district/town spans, and the
 * gazetteer names in the administrative part of the text (all of it without the model, where names
 * must then follow each other from the start). Skips what only looks like one (浙江 in 浙江大学, form
 * placeholders such as 市辖区, recipients' names) and flags the placeholders it skips.
 *
 * <p>One instance serves one address: it keeps the gazetteer scan of the text it last scanned
 * whole, since the administrative zone, the same zone read again from its start (when the model's
 * spans resolve nothing) and the search for a town usually scan the same text.
 */
final class MentionFinder {

    /** Types that may stand inside the administrative prefix without ending it. */
    private static final Set<String> ADMIN_PREFIX_TYPES = new HashSet<>();

    static {
        for (ElementType type : ElementType.all()) {
            if (type.inAdminPrefix()) {
                ADMIN_PREFIX_TYPES.add(type.name());
            }
        }
    }

    /**
     * After a short place name, these make it part of a road (陕西南路, 广东大马路), a bay or island (清水湾),
     * a village (河南村) or an institution (四川外国语大学): not evidence for the unit it names.
     */
    private static final Pattern NOT_AN_ADMIN_NAME =
            Pattern.compile(
                    "^[东西南北中]?(路|街|道|巷|弄|胡同|大道|大街|大马路|马路|公路|环路|线|桥|湾|岛|村|庄|屯)"
                            + "|^(外国语|大学|学院|师范|理工|医科|中医|饭店|酒店|宾馆|大厦|银行|商会|会馆|菜馆|餐厅|小吃|特产|广场)");

    /** Endings of full administrative names; a name with one (赛罕区) stays one even before 大学东街. */
    private static final List<String> ADMIN_SUFFIXES =
            List.of("省", "市", "区", "县", "州", "盟", "旗", "镇", "乡", "街道", "地区");

    /**
     * Characters after which a name may start: level words and a house number's 号 (and so before
     * which a township's stem ends: {@link TownshipFinder}).
     */
    static final String ENDS_A_WORD = "省市区县州盟旗号";

    /** Level words a short county or city name may be written with in place of its own. */
    private static final String OTHER_LEVEL_WORDS = "县区";

    /** The kinds of autonomous unit, written after a short name in place of the full one. */
    private static final List<String> AUTONOMOUS_KINDS = List.of("自治区", "自治州", "自治县", "自治旗");

    /** The first characters of every level word {@link #otherLevelWordAt} may read. */
    private static final String OTHER_LEVEL_WORD_STARTS =
            OTHER_LEVEL_WORDS + "州新" + FirstCharacters.of(AUTONOMOUS_KINDS);

    /** Characters looked at for a name starting at a given place; longer than any county's name. */
    private static final int MAX_NAME_LOOKAHEAD = 12;

    private final Gazetteer gazetteer;
    private final TownshipFinder townships;

    @Nullable private String scannedText;
    private List<NameScanner.Hit> scannedHits = List.of();

    private final DevelopmentZones zones = new DevelopmentZones();

    MentionFinder(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
        this.townships = new TownshipFinder(gazetteer);
    }

    /** The gazetteer's names in {@code text}, scanned once however often it is asked for. */
    private List<NameScanner.Hit> scanWhole(String text) {
        if (!text.equals(scannedText)) {
            scannedHits = gazetteer.scan(text);
            scannedText = text;
        }
        return scannedHits;
    }

    /**
     * Adds the model's administrative spans as mentions; returns where the finer elements begin.
     */
    int fromModel(
            String matchable,
            List<AddressElement> elements,
            List<Mention> mentions,
            FormPlaceholders placeholders) {
        int zoneEnd = matchable.length();
        for (int k = 0; k < elements.size(); k++) {
            AddressElement e = elements.get(k);
            if (matchable.charAt(e.start()) == ' '
                    && onlySeparators(matchable, e.start(), e.end(), 0)) {
                continue; // inside a recipient or phone number, masked: not part of the address
            }
            AdminLevel level = AdminLevel.ofElementType(e.type());
            if (level == null) {
                // matchable is already folded for matching; a span with spaces simply finds
                // nothing.
                List<Gazetteer.NameMatch> wholeSpan =
                        zoneEnd == matchable.length()
                                ? lookup(matchable.substring(e.start(), e.end()), mentions)
                                : List.of();
                if (RegionEvidence.inSpecialRegions(wholeSpan)
                        && RegionEvidence.regionAlreadyNamed(wholeSpan, mentions)) {
                    // The model, trained on mainland addresses, does not know 荃灣區 or 大堂區 and tags
                    // them as a POI or community; after their own region they are its districts.
                    mentions.add(new Mention(e.start(), e.end(), e.text(), null, wholeSpan));
                    continue;
                }
                if (isFullNameWithinANamedUnit(e.text(), wholeSpan, mentions)) {
                    // 湖里区 in 厦门湖里区, which the model tagged a POI: a span that is exactly the full
                    // name of a county or city inside one already named is that unit, whatever the
                    // tag.
                    mentions.add(new Mention(e.start(), e.end(), e.text(), null, wholeSpan));
                    continue;
                }
                if (!ADMIN_PREFIX_TYPES.contains(e.type())) {
                    if (zoneEnd == matchable.length()
                            && !(administrativeSpanFollows(matchable, elements, k)
                                    && (severalNamesOnly(matchable.substring(e.start(), e.end()))
                                            || aFullNameRunsOn(
                                                    matchable, e, elements.get(k + 1))))) {
                        zoneEnd = e.start();
                    }
                } else {
                    zones.add(e);
                    Mention zoneUnit =
                            DevelopmentZones.namedAfterItsCity(
                                    matchable, e, name -> lookup(name, mentions));
                    if (zoneUnit != null) {
                        mentions.add(zoneUnit);
                    }
                }
                continue;
            }
            AddressElement rest = k + 1 < elements.size() ? elements.get(k + 1) : null;
            if (rest != null
                    && rest.start() == e.end()
                    && AdminLevel.ofElementType(rest.type()) != null) {
                String joined = matchable.substring(e.start(), rest.end());
                List<Gazetteer.NameMatch> whole = lookup(joined, mentions);
                if (!whole.isEmpty()
                        && isFullName(joined)
                        && (lookup(matchable.substring(e.start(), e.end()), mentions).isEmpty()
                                || lookup(matchable.substring(rest.start(), rest.end()), mentions)
                                        .isEmpty())) {
                    // 神农 + 架林区, 嘉峪 + 关市: the model cut one name in two, and one part alone
                    // names nothing.
                    mentions.add(
                            new Mention(
                                    e.start(),
                                    rest.end(),
                                    e.text() + rest.text(),
                                    AdminLevel.ofElementType(rest.type()),
                                    whole));
                    k++;
                    continue;
                }
            }
            String span = matchable.substring(e.start(), e.end());
            String name = TextNormalizer.clean(span);
            if (partOfAnotherName(name, matchable, e.end())
                    && !fullNameStartsAt(matchable, e.end())) {
                continue; // 浙江 in 浙江大学, 陕西 in 陕西南路: part of a POI or road the model split
            }
            if (FormPlaceholders.isPlaceholder(name)) {
                placeholders.ignore(
                        e.start(), e.end(), level.label(), e.text(), "form placeholder ignored");
                continue;
            }
            List<Gazetteer.NameMatch> found = lookup(name, mentions);
            if (!found.isEmpty()) {
                int end = withOtherLevelWord(matchable, e.end(), found, mentions);
                add(
                        mentions,
                        new Mention(
                                e.start(),
                                end,
                                e.text() + matchable.substring(e.end(), end),
                                level,
                                found),
                        matchable,
                        e.end());
                continue;
            }
            // One span may hold several names (浙江杭州) or a name plus noise.
            for (NameScanner.Hit hit : gazetteer.scan(span)) {
                List<Gazetteer.NameMatch> named = lookup(hit.name(), mentions);
                if (!isEvidenceAt(
                        matchable, e.start() + hit.start(), hit.name().length(), named, mentions)) {
                    continue;
                }
                int start = e.start() + hit.start();
                int nameEnd = e.start() + hit.end();
                int end = withOtherLevelWord(matchable, nameEnd, named, mentions);
                add(
                        mentions,
                        new Mention(start, end, matchable.substring(start, end), level, named),
                        matchable,
                        nameEnd);
            }
        }
        addPlacesRightAfterASpecialRegion(matchable, mentions);
        return zoneEnd;
    }

    /**
     * A district or place of Taiwan, Hong Kong or Macau written right after its region, wherever
     * the model's spans cut it: the model, trained on mainland addresses, tags 澳门氹 and 仔广东大马路, so
     * 氹仔 is found here, not in its spans.
     */
    private void addPlacesRightAfterASpecialRegion(String matchable, List<Mention> mentions) {
        for (int k = 0, n = mentions.size(); k < n; k++) {
            Mention region = mentions.get(k);
            if (!RegionEvidence.namesASpecialRegionItself(region.matches)) {
                continue;
            }
            int start = region.end;
            String name = nameStartingAt(matchable, start);
            if (name == null) {
                continue;
            }
            int end = start + name.length();
            if (overlapsAny(mentions, start, end)) {
                continue;
            }
            List<Gazetteer.NameMatch> named = lookup(name, mentions);
            if (RegionEvidence.inSpecialRegions(named)
                    && RegionEvidence.regionAlreadyNamed(named, mentions)) {
                mentions.add(new Mention(start, end, name, null, named));
            }
        }
    }

    /**
     * Whether the element after {@code elements[k]} is an administrative span with nothing but
     * separators between them: the model's POI tag on 浙江杭州 in 浙江杭州拱墅区, a span made of names only,
     * does not end the administrative part of the address, which goes on.
     */
    private static boolean administrativeSpanFollows(
            String text, List<AddressElement> elements, int k) {
        if (k + 1 >= elements.size()) {
            return false;
        }
        AddressElement next = elements.get(k + 1);
        return AdminLevel.ofElementType(next.type()) != null
                && onlySeparators(text, elements.get(k).end(), next.start(), 0);
    }

    /**
     * Whether a full name begins in {@code e} and ends in the administrative span {@code next}: the
     * model cut 北京市 into 北 (a POI) and 京市 (a city) after a phone number it did not know.
     */
    private boolean aFullNameRunsOn(String text, AddressElement e, AddressElement next) {
        for (NameScanner.Hit hit : gazetteer.scan(text.substring(e.start(), next.end()))) {
            int start = e.start() + hit.start();
            int end = e.start() + hit.end();
            if (start < e.end() && end > next.start() && isFullName(hit.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code span} is several gazetteer names and nothing else (浙江杭州; not 城区 of 温岭市城区新河镇,
     * the city's centre).
     */
    private boolean severalNamesOnly(String span) {
        int covered = 0;
        List<NameScanner.Hit> hits = gazetteer.scan(span);
        for (NameScanner.Hit hit : hits) {
            if (!onlySeparators(span, covered, hit.start(), 0)) {
                return false;
            }
            covered = hit.end();
        }
        return hits.size() >= 2 && onlySeparators(span, covered, span.length(), 0);
    }

    /**
     * Whether {@code text} is, whole, the full name of a county- or city-level unit in {@code
     * named} that lies within a unit an earlier mention names.
     */
    private static boolean isFullNameWithinANamedUnit(
            String text, List<Gazetteer.NameMatch> named, List<Mention> mentions) {
        if (named.isEmpty() || !isFullName(text)) {
            return false;
        }
        for (Gazetteer.NameMatch nm : named) {
            AdminLevel level = nm.unit().level();
            if (nm.shortForm()
                    || nm.formerName() != null
                    || nm.placeWithin()
                    || nm.afterRegion()
                    || level == AdminLevel.TOWN
                    || level == AdminLevel.PROVINCE) {
                continue;
            }
            for (Mention m : mentions) {
                for (Gazetteer.NameMatch earlier : m.matches) {
                    if (earlier.unit() != nm.unit() && nm.unit().isWithin(earlier.unit())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Adds {@code m}, evidence only where it fits if the name (ending at {@code nameEnd}) qualifies
     * a development zone or new area.
     */
    private static void add(List<Mention> mentions, Mention m, String text, int nameEnd) {
        if (!m.onlyWhereItFits && DevelopmentZones.qualifiesAZone(text, nameEnd)) {
            m.onlyWhereItFits = true;
        }
        mentions.add(m);
    }

    /**
     * Where a short name ends when a level word follows that is not its unit's own (兰溪县 for 兰溪市,
     * 浦东区 for 浦东新区, 海宁区 for 海宁市, 红谷滩新区 for 红谷滩区, 西双版纳州 for 西双版纳傣族自治州, 广西自治区 for 广西壮族自治区): the word
     * belongs to the name as written, so the canonical name replaces both rather than leaving 县, 区
     * or 州 before the street. Not 市 (福田市场, 市府路), and not where a name starts at the word.
     */
    private int withOtherLevelWord(
            String text, int end, List<Gazetteer.NameMatch> named, List<Mention> mentions) {
        int length = otherLevelWordAt(text, end, named);
        if (length == 0
                || overlapsAny(mentions, end, end + length)
                || length == 1 && nameStartingAt(text, end) != null) {
            return end;
        }
        return end + length;
    }

    private static int otherLevelWordAt(String text, int at, List<Gazetteer.NameMatch> named) {
        if (at >= text.length() || OTHER_LEVEL_WORD_STARTS.indexOf(text.charAt(at)) < 0) {
            return 0;
        }
        for (Gazetteer.NameMatch nm : named) {
            AdminUnit unit = nm.unit();
            if (!nm.shortForm()) {
                continue;
            }
            if (unit.level() == AdminLevel.DISTRICT
                    && unit.name().endsWith("区")
                    && text.startsWith("新区", at)) {
                return 2;
            }
            if ((unit.level() == AdminLevel.CITY || unit.level() == AdminLevel.DISTRICT)
                    && OTHER_LEVEL_WORDS.indexOf(text.charAt(at)) >= 0) {
                return 1;
            }
            if (unit.level() == AdminLevel.CITY
                    && unit.name().endsWith("自治州")
                    && text.charAt(at) == '州') {
                return 1;
            }
            for (String autonomous : AUTONOMOUS_KINDS) {
                if (unit.name().endsWith(autonomous) && text.startsWith(autonomous, at)) {
                    return autonomous.length(); // 广西自治区, 湘西自治州, 景宁自治县
                }
            }
        }
        return 0;
    }

    /**
     * Whether a name found in the text at {@code start} is evidence: findable in free text (not a
     * town's short name) and not inside another word.
     */
    private static boolean isEvidenceAt(
            String text,
            int start,
            int length,
            List<Gazetteer.NameMatch> named,
            List<Mention> mentions) {
        return Gazetteer.findableInText(named)
                && !insideAnotherWord(text, start, length, named, mentions);
    }

    /**
     * Whether a two-character former name (安县, 郫县, 达县) or a county's or township's two-character
     * short name (安新 for 安新县 and 安新镇) stands inside another word: right after a Chinese character
     * that ends no name found before it and is no level word or 号 (崇安县 holds 安县, 到达县城 holds 达县,
     * 雄安新区 and 贵安新区 hold 安新, 钱清镇 holds 清镇). Such a name is evidence where a name may start: at the
     * start, after a separator, a level word or another name.
     */
    private static boolean insideAnotherWord(
            String text,
            int start,
            int length,
            List<Gazetteer.NameMatch> named,
            List<Mention> mentions) {
        char before = start == 0 ? ' ' : text.charAt(start - 1);
        if (named.isEmpty()
                || Character.UnicodeScript.of(before) != Character.UnicodeScript.HAN
                || ENDS_A_WORD.indexOf(before) >= 0) {
            return false;
        }
        for (Gazetteer.NameMatch nm : named) {
            boolean twoCharacterFormerName =
                    nm.formerName() != null && nm.formerName().length() == 2;
            boolean twoCharacterCountyShortName =
                    length == 2
                            && nm.shortForm()
                            && nm.unit().level().ordinal() >= AdminLevel.DISTRICT.ordinal();
            if (!twoCharacterFormerName && !twoCharacterCountyShortName) {
                return false;
            }
        }
        for (Mention m : mentions) {
            if (m.end == start) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds gazetteer names the model did not tag, in the administrative part of the text. Without
     * the model, names must follow each other from the start of the address, so a place name inside
     * a road or POI further on cannot pull the address elsewhere.
     */
    void scanAdministrativeZone(
            String matchable,
            int zoneEnd,
            boolean degraded,
            List<Mention> mentions,
            FormPlaceholders placeholders) {
        String zone = placeholders.masked(matchable.substring(0, zoneEnd));
        int previousEnd = 0;
        List<NameScanner.Hit> hits = scanWhole(zone);
        for (int i = 0; i < hits.size(); i++) {
            NameScanner.Hit hit = hits.get(i);
            int start = hit.start();
            int end = hit.end();
            if (overlapsAny(mentions, start, end)) {
                previousEnd = Math.max(previousEnd, end);
                continue;
            }
            List<Gazetteer.NameMatch> named = lookup(hit.name(), mentions);
            if (!isEvidenceAt(matchable, start, end - start, named, mentions)) {
                continue; // 南区 of 青口南区 before any 香港: a section of an estate; 安县 of 崇安县
            }
            if (!degraded && zones.inside(start)) {
                continue; // 经济技术开发区 of 亦庄经济技术开发区: the zone's own name
            }
            boolean fullNameFollows =
                    i + 1 < hits.size()
                            && hits.get(i + 1).start() == end
                            && isFullName(hits.get(i + 1).name());
            if (partOfAnotherName(hit.name(), matchable, end) && !fullNameFollows
                    || previousEnd > 0
                            && RegionEvidence.inSpecialRegions(named)
                            && !RegionEvidence.regionAlreadyNamed(named, mentions)) {
                // 香港 after 中市街道 is a shop's name (香港财富广场): Taiwan, Hong Kong and Macau and the
                // places in them head an address, or follow their own region (香港九龙城区).
                if (degraded) {
                    break;
                }
                continue;
            }
            // The first name may follow a recipient or phone number if it is a full name
            // (收件人李四，广东省).
            boolean fullName = isFullName(hit.name());
            int allowed = previousEnd == 0 ? (fullName ? 24 : 4) : 1;
            if (degraded && !onlySeparators(zone, previousEnd, start, allowed)) {
                break;
            }
            int nameEnd = end;
            end = withOtherLevelWord(zone, end, named, mentions);
            add(
                    mentions,
                    new Mention(start, end, matchable.substring(start, end), null, named),
                    matchable,
                    nameEnd);
            previousEnd = end;
        }
        readSharedCityCharacters(matchable, mentions);
    }

    /**
     * 青岛市南区 is 青岛 and its 市南区 (济南市中区: 济南 and 市中区), not 青岛市 and a 南区 it does not have: where the 市
     * that ends a city's name also begins the name of one of its districts, the district takes it
     * and the city keeps its short name.
     */
    private void readSharedCityCharacters(String text, List<Mention> mentions) {
        for (int k = 0; k < mentions.size(); k++) {
            Mention city = mentions.get(k);
            int shared = city.end - 1;
            if (city.end - city.start < 3 || text.charAt(shared) != '市') {
                continue;
            }
            if (shared + 3 > text.length() || text.charAt(shared + 2) != '区') {
                continue;
            }
            String district = text.substring(shared, shared + 3); // 市南区, 市北区, 市中区
            List<Gazetteer.NameMatch> districts = new ArrayList<>();
            for (Gazetteer.NameMatch nm : gazetteer.lookup(district)) {
                if (nm.unit().level() == AdminLevel.DISTRICT
                        && city.matches.stream()
                                .anyMatch(c -> c.unit() == nm.unit().parent() && !c.shortForm())) {
                    districts.add(nm);
                }
            }
            String cityShort = text.substring(city.start, shared);
            List<Gazetteer.NameMatch> cities = gazetteer.lookup(cityShort);
            if (districts.isEmpty() || cities.isEmpty()) {
                continue;
            }
            int districtEnd = shared + district.length();
            AdminLevel districtTag = null;
            for (int j = mentions.size() - 1; j >= 0; j--) {
                Mention m = mentions.get(j);
                if (m != city && m.start < districtEnd && shared < m.end) {
                    districtTag = m.taggedLevel;
                    mentions.remove(j);
                    if (j < k) {
                        k--;
                    }
                }
            }
            mentions.set(k, new Mention(city.start, shared, cityShort, city.taggedLevel, cities));
            mentions.add(
                    k + 1,
                    new Mention(
                            shared,
                            districtEnd,
                            text.substring(shared, districtEnd),
                            districtTag,
                            districts));
        }
    }

    /**
     * The township of {@code unit} the text names ({@link TownshipFinder}), or {@code unit} itself.
     */
    AdminUnit findTownWithin(String matchable, AdminUnit unit, List<Mention> mentions) {
        return townships.findWithin(matchable, scanWhole(matchable), unit, mentions);
    }

    /** Contact spans become spaces: a recipient's name is not a place name. */
    static String maskContacts(String matchable, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return matchable;
        }
        char[] chars = matchable.toCharArray();
        for (Contact c : contacts) {
            java.util.Arrays.fill(chars, c.start(), c.end(), ' ');
        }
        return new String(chars);
    }

    /**
     * The units {@code name} may denote here: an after-region name (东区 of 香港) only once a mention
     * has named its region.
     */
    private List<Gazetteer.NameMatch> lookup(String name, List<Mention> mentions) {
        List<Gazetteer.NameMatch> named = gazetteer.lookup(name);
        for (Gazetteer.NameMatch nm : named) {
            if (nm.afterRegion()) {
                return named.stream()
                        .filter(
                                m ->
                                        !m.afterRegion()
                                                || RegionEvidence.regionAlreadyNamed(
                                                        List.of(m), mentions))
                        .toList();
            }
        }
        return named; // the common case, without allocating
    }

    private static boolean overlapsAny(List<Mention> mentions, int start, int end) {
        for (Mention m : mentions) {
            if (m.start < end && start < m.end) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a short place name (浙江, 陕西, 中山) is only the start of a road or institution name. The
     * callers let it stand when a full administrative name follows (台州路桥区: 路 begins 路桥区).
     */
    private static boolean partOfAnotherName(String name, String text, int end) {
        return !isFullName(name)
                && NOT_AN_ADMIN_NAME.matcher(text).region(end, text.length()).lookingAt();
    }

    /** A full administrative name (赛罕区), not a short one, nor 红旗 (which ends in 旗). */
    private static boolean isFullName(String name) {
        if (name.length() < 3) {
            return false;
        }
        for (String suffix : ADMIN_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private boolean fullNameStartsAt(String text, int at) {
        String name = nameStartingAt(text, at);
        return name != null && isFullName(name);
    }

    /** The gazetteer name the scan finds starting exactly at {@code at}, or null. */
    @Nullable
    private String nameStartingAt(String text, int at) {
        String next = text.substring(at, Math.min(text.length(), at + MAX_NAME_LOOKAHEAD));
        for (NameScanner.Hit hit : gazetteer.scan(next)) {
            if (hit.start() == 0) {
                return hit.name();
            }
        }
        return null;
    }

    private static boolean onlySeparators(String text, int from, int to, int allowedOtherChars) {
        int others = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)
                    && Character.isLetterOrDigit(c)
                    && ++others > allowedOtherChars) {
                return false;
            }
        }
        return true;
    }
}
