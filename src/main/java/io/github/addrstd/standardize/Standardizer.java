package io.github.addrstd.standardize;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.ElementType;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.event.StandardizedAddress.ContactKind;
import io.github.addrstd.event.StandardizedAddress.Flag;
import io.github.addrstd.event.StandardizedAddress.FlagKind;
import io.github.addrstd.event.StandardizedAddress.Unit;

import org.ahocorasick.trie.Emit;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves tagged address elements to canonical administrative units and a standardized address.
 *
 * <p>Every administrative name in the address (the model's prov/city/district/town spans, plus
 * gazetteer names found in the administrative part of the text) is a <em>mention</em> with the
 * units it may denote. Each candidate unit is scored by how many mentions its chain (the unit and
 * its ancestors) explains; the best-explained chain wins, deeper on equal score. Missing upper
 * levels come from that chain; mentions it does not explain are flagged as conflicts; when several
 * chains explain the address equally well, only their common part is kept and the address is
 * flagged ambiguous instead of guessed.
 *
 * <p>Thread-safe and allocation-light: the job shares one instance per TaskManager.
 */
public final class Standardizer {

    /** Output keys of the finer elements, by element type. */
    private static final Map<String, String> DETAIL_KEYS = new LinkedHashMap<>();

    /** Types that may stand inside the administrative prefix without ending it. */
    private static final Set<String> ADMIN_PREFIX_TYPES = new HashSet<>();

    static {
        for (ElementType type : ElementType.all()) {
            if (type.detailKey() != null) {
                DETAIL_KEYS.put(type.name(), type.detailKey());
            }
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
                    "^[东西南北中]?(路|街|道|巷|弄|胡同|大道|大街|大马路|马路|公路|环|线|桥|湾|岛|村|庄|屯)"
                            + "|^(外国语|大学|学院|师范|理工|医科|中医|饭店|酒店|宾馆|大厦|银行|商会|会馆|菜馆|餐厅|小吃|特产|广场)");

    /** Placeholders long enough to find in free text (县 alone is not). */
    private static final List<String> MULTI_CHAR_PLACEHOLDERS =
            Gazetteer.PLACEHOLDERS.stream()
                    .filter(p -> p.length() >= 3)
                    .sorted((a, b) -> b.length() - a.length())
                    .toList();

    /** Endings of full administrative names; a name with one (赛罕区) stays one even before 大学东街. */
    private static final Pattern ADMIN_SUFFIX = Pattern.compile("(省|市|区|县|州|盟|旗|镇|乡|街道|地区)$");

    /** A room number after the last tagged element: 1203室, 1203, B-502. */
    private static final Pattern ROOM =
            Pattern.compile("^[\\s,，、\\-—#]*([A-Za-z]?-?\\d{2,5}[A-Za-z]?)\\s*(室|房|号房|号)?");

    // Evidence weights. A mention adds to every chain that contains a unit it names; the chain with
    // the
    // most evidence wins. Set on eval/standardization-dev.jsonl and the failures of the real NAACL
    // 2019 dev
    // split (bin/evaluate --conll, so that split is not a held-out measure); the README has the
    // figures.

    /**
     * A mention the model tagged at the named unit's own level (district span naming a district).
     */
    private static final double TAGGED_LEVEL_BONUS = 0.5;

    /** A short name (余杭 for 余杭区) is a little weaker than the full name. */
    private static final double SHORT_NAME_PENALTY = 0.1;

    /** Short township names (城关, 紫金) are common words: alone they prove nothing. */
    private static final double SHORT_TOWN_NAME_PENALTY = 0.7;

    /** A former name (江干区, merged in 2021) is weaker than a current one. */
    private static final double FORMER_NAME_PENALTY = 0.2;

    /**
     * Township names recur across provinces (康桥镇, 九堡镇) and a misspelt one (敖江 for 鳌江) hits
     * another's: a township name that nothing else in the address supports (no city or province of
     * its chain is written) counts for less than the county written beside it. A corroborated one
     * counts in full, so 杭州市余杭区塘栖镇 resolves to 临平区, where 塘栖镇 has lain since 2021.
     */
    private static final double TOWN_NAME_FACTOR = 0.75;

    /** A name shared by n units says less than a unique one: divided by 1 + this × (n - 1). */
    private static final double SHARED_NAME_DISCOUNT = 0.1;

    /** On equal evidence the deeper unit wins, by this much per level. */
    private static final double DEPTH_TIE_BREAK = 0.01;

    // Confidence factors, multiplied together (calibration table in the README).

    /** Without the model only the gazetteer speaks. */
    private static final double DEGRADED_CONFIDENCE = 0.8;

    /** Several chains fit equally well. */
    private static final double AMBIGUOUS_FACTOR = 0.5;

    /** Per written name that the chosen chain does not explain (corrected or conflicting). */
    private static final double UNEXPLAINED_NAME_FACTOR = 0.7;

    /** No administrative unit at all. */
    private static final double NO_UNIT_FACTOR = 0.3;

    private final Gazetteer gazetteer;
    private final ContactFinder contactFinder;

    public Standardizer(Gazetteer gazetteer) {
        this.gazetteer = gazetteer;
        this.contactFinder = new ContactFinder(gazetteer);
    }

    /**
     * @param text the raw address
     * @param elements the model's elements, or null when the model was unavailable (degraded mode)
     * @param truncated whether the model saw only a prefix of the text
     */
    public StandardizedAddress standardize(
            String text, @Nullable List<AddressElement> elements, boolean truncated) {
        boolean degraded = elements == null;
        List<Contact> contacts = contactFinder.find(text);
        String matchable = maskContacts(TextNormalizer.forMatching(text), contacts);
        List<Flag> flags = new ArrayList<>();
        for (Contact c : contacts) {
            flags.add(
                    new Flag(
                            FlagKind.CONTACT_MOVED,
                            null,
                            c.text(),
                            (c.kind() == ContactKind.PHONE ? "phone number" : "recipient")
                                    + " moved to contacts"));
        }
        List<Mention> mentions = new ArrayList<>();
        List<int[]> placeholders = new ArrayList<>();
        int zoneEnd =
                degraded
                        ? text.length()
                        : collectModelMentions(matchable, elements, mentions, placeholders, flags);
        scanZone(matchable, zoneEnd, degraded, mentions, placeholders, flags);

        Resolution resolution = resolve(mentions);
        int adminPrefixEnd = 0;
        if (resolution.unit == null && !resolution.ambiguous && !degraded) {
            // The model saw no administrative part (e.g. it tagged everything as one POI): read the
            // address from its start the way degraded mode does before giving up.
            List<Mention> prefixMentions = new ArrayList<>();
            scanZone(matchable, matchable.length(), true, prefixMentions, placeholders, flags);
            Resolution fromPrefix = resolve(prefixMentions);
            if (fromPrefix.unit != null) {
                mentions = prefixMentions;
                resolution = fromPrefix;
                adminPrefixEnd = prefixMentions.stream().mapToInt(m -> m.end).max().orElse(0);
            }
        }
        AdminUnit chosen = resolution.unit;
        if (chosen != null && chosen.level() != AdminLevel.TOWN && !resolution.ambiguous) {
            chosen = findTownWithin(matchable, chosen, mentions);
        }
        EnumMap<AdminLevel, AdminUnit> chain = new EnumMap<>(AdminLevel.class);
        for (AdminUnit u = chosen; u != null; u = u.parent()) {
            chain.put(u.level(), u);
        }
        double confidence = degraded ? DEGRADED_CONFIDENCE : 1.0;
        if (resolution.ambiguous) {
            flags.add(
                    new Flag(
                            FlagKind.AMBIGUOUS,
                            chosen == null ? null : lowerLevelName(chosen),
                            null,
                            "several units fit equally well: " + resolution.tied));
            confidence *= AMBIGUOUS_FACTOR;
        }
        confidence *= explainMentions(mentions, chosen, chain, flags);
        for (AdminLevel level : AdminLevel.values()) {
            AdminUnit unit = chain.get(level);
            if (unit != null && mentions.stream().noneMatch(m -> m.explainedBy == unit)) {
                flags.add(
                        new Flag(
                                FlagKind.FILLED,
                                levelName(level),
                                null,
                                "filled from the gazetteer: "
                                        + unit.name()
                                        + " ("
                                        + unit.code()
                                        + ")"));
            }
        }
        if (chosen == null) {
            flags.add(
                    new Flag(
                            FlagKind.NO_ADMIN_UNIT,
                            null,
                            null,
                            "no administrative unit found in the address"));
            confidence *= NO_UNIT_FACTOR;
        }
        if (degraded) {
            flags.add(
                    new Flag(
                            FlagKind.DEGRADED,
                            null,
                            null,
                            "model unavailable; administrative levels from the gazetteer only"));
        }
        if (truncated) {
            flags.add(
                    new Flag(
                            FlagKind.TRUNCATED,
                            null,
                            null,
                            "address longer than the model input; its end was not tagged"));
        }
        Map<String, String> details =
                degraded ? Map.of() : details(text, elements, adminPrefixEnd, contacts);
        List<AddressRenderer.AdminSpan> adminSpans = new ArrayList<>();
        for (Mention m : mentions) {
            adminSpans.add(
                    new AddressRenderer.AdminSpan(
                            m.start, m.end, m.explainedBy != null || m.flagged, m.explainedBy));
        }
        for (int[] p : placeholders) {
            adminSpans.add(new AddressRenderer.AdminSpan(p[0], p[1], true, null));
        }
        AddressRenderer.Rendered rendered =
                AddressRenderer.render(text, adminSpans, chain, contacts);
        return new StandardizedAddress(
                unit(chain.get(AdminLevel.PROVINCE)),
                unit(chain.get(AdminLevel.CITY)),
                unit(chain.get(AdminLevel.DISTRICT)),
                unit(chain.get(AdminLevel.TOWN)),
                details,
                rendered.full(),
                rendered.adminText(),
                contacts,
                List.copyOf(flags),
                Math.round(confidence * 1000) / 1000.0,
                degraded);
    }

    /**
     * Adds the model's administrative spans as mentions; returns where the finer elements begin.
     */
    private int collectModelMentions(
            String matchable,
            List<AddressElement> elements,
            List<Mention> mentions,
            List<int[]> placeholders,
            List<Flag> flags) {
        int zoneEnd = matchable.length();
        for (AddressElement e : elements) {
            AdminLevel level = AdminLevel.ofElementType(e.type());
            if (level == null) {
                if (!ADMIN_PREFIX_TYPES.contains(e.type())) {
                    zoneEnd = Math.min(zoneEnd, e.start());
                }
                continue;
            }
            String span = matchable.substring(e.start(), e.end());
            String name = TextNormalizer.clean(span);
            if (partOfAnotherName(name, matchable, e.end())) {
                continue; // 浙江 in 浙江大学, 陕西 in 陕西南路: part of a POI or road the model split
            }
            if (Gazetteer.PLACEHOLDERS.contains(name)) {
                placeholders.add(new int[] {e.start(), e.end()});
                flags.add(
                        new Flag(
                                FlagKind.PLACEHOLDER,
                                levelName(level),
                                e.text(),
                                "form placeholder ignored"));
                continue;
            }
            List<Gazetteer.NameMatch> found = gazetteer.lookup(name);
            if (!found.isEmpty()) {
                mentions.add(new Mention(e.start(), e.end(), e.text(), level, found));
                continue;
            }
            // One span may hold several names (浙江杭州) or a name plus noise.
            for (Emit emit : gazetteer.scan(span)) {
                int start = e.start() + emit.getStart();
                int end = e.start() + emit.getEnd() + 1;
                mentions.add(
                        new Mention(
                                start,
                                end,
                                matchable.substring(start, end),
                                level,
                                gazetteer.lookup(emit.getKeyword())));
            }
        }
        return zoneEnd;
    }

    /**
     * Finds gazetteer names the model did not tag, in the administrative part of the text. Without
     * the model, names must follow each other from the start of the address, so a place name inside
     * a road or POI further on cannot pull the address elsewhere.
     */
    private void scanZone(
            String matchable,
            int zoneEnd,
            boolean degraded,
            List<Mention> mentions,
            List<int[]> placeholders,
            List<Flag> flags) {
        String zone = maskPlaceholders(matchable.substring(0, zoneEnd), placeholders, flags);
        int previousEnd = 0;
        for (Emit emit : gazetteer.scan(zone)) {
            int start = emit.getStart();
            int end = emit.getEnd() + 1;
            if (mentions.stream().anyMatch(m -> m.start < end && start < m.end)) {
                previousEnd = Math.max(previousEnd, end);
                continue;
            }
            if (partOfAnotherName(emit.getKeyword(), matchable, end)) {
                if (degraded) {
                    break;
                }
                continue;
            }
            // The first name may follow a recipient or phone number if it is a full name
            // (收件人李四，广东省).
            boolean fullName =
                    emit.getKeyword().length() >= 3
                            && ADMIN_SUFFIX.matcher(emit.getKeyword()).find();
            int allowed = previousEnd == 0 ? (fullName ? 24 : 4) : 1;
            if (degraded && !onlySeparators(zone, previousEnd, start, allowed)) {
                break;
            }
            mentions.add(
                    new Mention(
                            start,
                            end,
                            matchable.substring(start, end),
                            null,
                            gazetteer.lookup(emit.getKeyword())));
            previousEnd = end;
        }
    }

    /**
     * Looks for the full name of a township of {@code unit} anywhere in the text: once the county
     * is known, a township name is specific enough to be trusted even after a road or POI
     * (中新天津生态城).
     */
    private AdminUnit findTownWithin(String matchable, AdminUnit unit, List<Mention> mentions) {
        if (unit.level() == AdminLevel.PROVINCE) {
            return unit;
        }
        for (Emit emit : gazetteer.scan(matchable)) {
            for (Gazetteer.NameMatch nm : gazetteer.lookup(emit.getKeyword())) {
                AdminUnit town = nm.unit();
                if (town.level() == AdminLevel.TOWN
                        && !nm.shortForm()
                        && town.parent() != null
                        && town.parent().isWithin(unit)
                        && town.parent().level().ordinal() >= unit.level().ordinal()
                        && (unit.level() == AdminLevel.DISTRICT || town.parent() == unit)) {
                    int start = emit.getStart();
                    int end = emit.getEnd() + 1;
                    mentions.add(
                            new Mention(
                                    start,
                                    end,
                                    matchable.substring(start, end),
                                    AdminLevel.TOWN,
                                    List.of(nm)));
                    return town;
                }
            }
        }
        return unit;
    }

    /** Contact spans become spaces: a recipient's name is not a place name. */
    private static String maskContacts(String matchable, List<Contact> contacts) {
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
     * Form placeholders (市辖区, 省直辖县级行政区划) become spaces, so they neither match nor break a chain.
     */
    private static String maskPlaceholders(
            String text, List<int[]> placeholders, List<Flag> flags) {
        String masked = text;
        for (String placeholder : MULTI_CHAR_PLACEHOLDERS) {
            int at = masked.indexOf(placeholder);
            while (at >= 0) {
                int[] span = {at, at + placeholder.length()};
                if (placeholders.stream().noneMatch(p -> p[0] == span[0] && p[1] == span[1])) {
                    placeholders.add(span);
                }
                masked =
                        masked.substring(0, at)
                                + " ".repeat(placeholder.length())
                                + masked.substring(at + placeholder.length());
                if (flags.stream()
                        .noneMatch(
                                f ->
                                        f.kind() == FlagKind.PLACEHOLDER
                                                && placeholder.equals(f.written()))) {
                    flags.add(
                            new Flag(
                                    FlagKind.PLACEHOLDER,
                                    null,
                                    placeholder,
                                    "form placeholder ignored"));
                }
                at = masked.indexOf(placeholder, at + placeholder.length());
            }
        }
        return masked;
    }

    /** Whether a short place name (浙江, 陕西, 中山) is only the start of a road or institution name. */
    private static boolean partOfAnotherName(String name, String text, int end) {
        boolean fullName =
                name.length() >= 3 && ADMIN_SUFFIX.matcher(name).find(); // not 红旗 (ends in 旗)
        return !fullName && NOT_AN_ADMIN_NAME.matcher(text.substring(end)).find();
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

    /**
     * A chain needs at least this much support: a full or short county-level name, even one shared
     * by a few units (桥西区: two, both in 河北), but not a short town name (紫金) alone.
     */
    private static final double MIN_EVIDENCE = 0.5;

    private record Resolution(AdminUnit unit, boolean ambiguous, List<AdminUnit> tied) {}

    /** The unit whose chain explains the most mentions; the common ancestor when several tie. */
    private static Resolution resolve(List<Mention> mentions) {
        Set<AdminUnit> candidates = new LinkedHashSet<>();
        for (Mention m : mentions) {
            for (Gazetteer.NameMatch nm : m.matches) {
                candidates.add(nm.unit());
            }
        }
        double best = 0;
        List<AdminUnit> tied = new ArrayList<>();
        for (AdminUnit candidate : candidates) {
            if (mentions.stream().noneMatch(m -> m.claim(candidate) == candidate)) {
                continue; // 大理镇 must be named itself, not reached through 大理 naming 大理州
            }
            double score = 0;
            double townEvidence = 0;
            boolean corroborated = false;
            for (Mention m : mentions) {
                double w = m.weightFor(candidate);
                // Only a township candidate's chain holds a township: skip the claim lookup for the
                // others.
                AdminUnit claimed =
                        w > 0 && candidate.level() == AdminLevel.TOWN ? m.claim(candidate) : null;
                if (claimed != null && claimed.level() == AdminLevel.TOWN) {
                    townEvidence += w;
                } else if (w > 0) {
                    score += w;
                    corroborated = true;
                }
            }
            score += corroborated ? townEvidence : TOWN_NAME_FACTOR * townEvidence;
            score += DEPTH_TIE_BREAK * candidate.level().ordinal();
            if (score > best + 1e-9) {
                best = score;
                tied.clear();
                tied.add(candidate);
            } else if (Math.abs(score - best) <= 1e-9) {
                tied.add(candidate);
            }
        }
        if (tied.isEmpty() || best < MIN_EVIDENCE) {
            return new Resolution(null, false, List.of());
        }
        if (tied.size() == 1) {
            return new Resolution(tied.get(0), false, List.of());
        }
        AdminUnit common = tied.get(0);
        for (AdminUnit u : tied) {
            while (common != null && !u.isWithin(common)) {
                common = common.parent();
            }
        }
        return new Resolution(common, true, List.copyOf(tied));
    }

    /** Marks which unit explains each mention and flags the rest; returns a confidence factor. */
    private static double explainMentions(
            List<Mention> mentions,
            AdminUnit chosen,
            Map<AdminLevel, AdminUnit> chain,
            List<Flag> flags) {
        double factor = 1.0;
        for (Mention m : mentions) {
            Gazetteer.NameMatch used = null;
            for (Gazetteer.NameMatch nm : m.matches) {
                if (chosen != null && chosen.isWithin(nm.unit())) {
                    used = nm;
                    break;
                }
            }
            if (used != null) {
                m.explainedBy = used.unit();
                if (used.formerName() != null) {
                    flags.add(
                            new Flag(
                                    FlagKind.RENAMED,
                                    levelName(used.unit().level()),
                                    m.text,
                                    m.text
                                            + " became "
                                            + used.unit().name()
                                            + " ("
                                            + used.unit().code()
                                            + ") in "
                                            + used.changeYear()));
                }
                continue;
            }
            if (chosen == null) {
                continue; // ambiguity already flagged
            }
            AdminLevel level =
                    m.taggedLevel != null
                            ? m.taggedLevel
                            : m.matches.isEmpty() ? null : m.matches.get(0).unit().level();
            AdminUnit replacement = level == null ? null : chain.get(level);
            if (replacement != null) {
                flags.add(
                        new Flag(
                                FlagKind.CORRECTED,
                                levelName(level),
                                m.text,
                                m.text
                                        + " does not fit the rest of the address; using "
                                        + replacement.name()));
                m.flagged = true;
            } else {
                flags.add(
                        new Flag(
                                FlagKind.CONFLICT,
                                level == null ? null : levelName(level),
                                m.text,
                                m.text
                                        + " does not fit "
                                        + chosen.name()
                                        + " ("
                                        + chosen.code()
                                        + ") and was ignored"));
                m.flagged = true;
            }
            factor *= UNEXPLAINED_NAME_FACTOR;
        }
        return factor;
    }

    /** The finer elements; text before {@code adminPrefixEnd} was read as administrative names. */
    private static Map<String, String> details(
            String text,
            List<AddressElement> elements,
            int adminPrefixEnd,
            List<Contact> contacts) {
        Map<String, String> details = new LinkedHashMap<>();
        int lastEnd = 0;
        for (AddressElement e : elements) {
            lastEnd = Math.max(lastEnd, e.end());
            if (contacts.stream().anyMatch(c -> c.start() <= e.start() && e.end() <= c.end())) {
                continue; // a phone number the model took for a room number
            }
            String key = DETAIL_KEYS.get(e.type());
            if (key != null && e.end() > adminPrefixEnd) {
                String value =
                        TextNormalizer.clean(
                                text.substring(Math.max(e.start(), adminPrefixEnd), e.end()));
                if (!value.isEmpty()) {
                    details.merge(key, value, (a, b) -> a + b);
                }
            }
        }
        if (!elements.isEmpty() && !details.containsKey("room")) {
            Matcher room = ROOM.matcher(text.substring(lastEnd));
            if (room.find()
                    && details.containsKey("building")
                            | details.containsKey("unit")
                            | details.containsKey("floor")) {
                details.put(
                        "room",
                        TextNormalizer.clean(room.group(1))
                                + (room.group(2) == null
                                        ? "室"
                                        : room.group(2).equals("号") ? "室" : room.group(2)));
            }
        }
        return details;
    }

    private static String levelName(AdminLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    private static String lowerLevelName(AdminUnit unit) {
        AdminLevel[] levels = AdminLevel.values();
        int next = unit.level().ordinal() + 1;
        return next < levels.length ? levelName(levels[next]) : levelName(unit.level());
    }

    /** One administrative name found in the address and the units it may denote. */
    private static final class Mention {
        final int start;
        final int end;
        final String text;
        @Nullable final AdminLevel taggedLevel;
        final List<Gazetteer.NameMatch> matches;
        final int distinctUnits;
        AdminUnit explainedBy;

        /** Flagged as corrected or conflicting, so its text is accounted for. */
        boolean flagged;

        Mention(
                int start,
                int end,
                String text,
                @Nullable AdminLevel taggedLevel,
                List<Gazetteer.NameMatch> matches) {
            this.start = start;
            this.end = end;
            this.text = text;
            this.taggedLevel = taggedLevel;
            this.matches = matches;
            this.distinctUnits = Math.max(1, matches.size());
        }

        /**
         * The one unit of {@code candidate}'s chain this mention names: the one at the level the
         * model tagged, else a full name before a short one, else the highest. Null if it names
         * none.
         */
        AdminUnit claim(AdminUnit candidate) {
            Gazetteer.NameMatch best = null;
            for (Gazetteer.NameMatch nm : matches) {
                if (!candidate.isWithin(nm.unit())) {
                    continue;
                }
                if (best == null || rank(nm) < rank(best)) {
                    best = nm;
                }
            }
            return best == null ? null : best.unit();
        }

        private int rank(Gazetteer.NameMatch nm) {
            int r = nm.unit().level() == taggedLevel ? 0 : 100;
            r += nm.shortForm() ? 10 : 0;
            return r + nm.unit().level().ordinal();
        }

        /** How strongly this mention supports {@code candidate}'s chain (0 if it does not). */
        double weightFor(AdminUnit candidate) {
            double best = 0;
            for (Gazetteer.NameMatch nm : matches) {
                if (candidate.isWithin(nm.unit())) {
                    boolean town = nm.unit().level() == AdminLevel.TOWN;
                    double w = 1.0;
                    if (taggedLevel == nm.unit().level()) {
                        w += TAGGED_LEVEL_BONUS;
                    }
                    if (nm.shortForm()) {
                        w -= town ? SHORT_TOWN_NAME_PENALTY : SHORT_NAME_PENALTY;
                    }
                    if (nm.formerName() != null) {
                        w -= FORMER_NAME_PENALTY;
                    }
                    w /= 1.0 + SHARED_NAME_DISCOUNT * (distinctUnits - 1);
                    best = Math.max(best, w);
                }
            }
            return best;
        }
    }

    private static @Nullable Unit unit(@Nullable AdminUnit unit) {
        return unit == null ? null : new Unit(unit.code(), unit.name());
    }
}
