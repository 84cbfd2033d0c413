package io.github.addrstd.standardize;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.event.StandardizedAddress.ContactKind;
import io.github.addrstd.event.StandardizedAddress.Flag;
import io.github.addrstd.event.StandardizedAddress.FlagKind;
import io.github.addrstd.event.StandardizedAddress.Unit;
import io.github.addrstd.text.FormLabel;
import io.github.addrstd.text.TextNormalizer;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves tagged address elements to canonical administrative units and a standardized address:
 * contacts ({@link ContactFinder}), administrative mentions ({@link MentionFinder}), chain scoring
 * ({@link ChainResolver}), what the chain makes of each mention ({@link MentionExplanation}), finer
 * elements ({@link DetailExtractor}) and the faithful rendering ({@link AddressRenderer}); this
 * class joins them and sets the confidence.
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
        String folded = TextNormalizer.forMatching(text);
        List<Contact> contacts = contactFinder.find(text, folded);
        String matchable = MentionFinder.maskContacts(folded, contacts);
        List<Flag> flags = new ArrayList<>();
        FormPlaceholders placeholders = new FormPlaceholders(flags);
        for (int[] label : FormLabel.all(matchable)) {
            // Read as a form placeholder: ignored, and left out of the standardized text.
            placeholders.ignore(
                    label[0],
                    label[1],
                    null,
                    text.substring(label[0], label[1]),
                    "form label ignored");
            matchable = FormPlaceholders.blankedOut(matchable, label[0], label[1]);
        }
        for (Contact c : contacts) {
            flags.add(
                    new Flag(
                            FlagKind.CONTACT_MOVED,
                            null,
                            c.text(),
                            (c.kind() == ContactKind.PHONE ? "phone number" : "recipient")
                                    + " moved to contacts"));
        }
        MentionFinder mentionFinder =
                new MentionFinder(gazetteer); // one per address: it keeps its scan
        List<Mention> mentions = new ArrayList<>();
        int zoneEnd =
                degraded
                        ? text.length()
                        : mentionFinder.fromModel(matchable, elements, mentions, placeholders);
        mentionFinder.scanAdministrativeZone(matchable, zoneEnd, degraded, mentions, placeholders);

        ChainResolver.Resolution resolution = ChainResolver.resolve(mentions, gazetteer);
        int adminPrefixEnd = 0;
        if (resolution.unit() == null && !resolution.ambiguous() && !degraded) {
            // The model saw no administrative part (e.g. it tagged everything as one POI): read the
            // address from its start the way degraded mode does before giving up.
            List<Mention> prefixMentions = new ArrayList<>();
            mentionFinder.scanAdministrativeZone(
                    matchable, matchable.length(), true, prefixMentions, placeholders);
            ChainResolver.Resolution fromPrefix = ChainResolver.resolve(prefixMentions, gazetteer);
            if (fromPrefix.unit() != null) {
                mentions = prefixMentions;
                resolution = fromPrefix;
                adminPrefixEnd = prefixMentions.stream().mapToInt(m -> m.end).max().orElse(0);
            }
        }
        AdminUnit chosen = resolution.unit();
        if (chosen != null && chosen.level() != AdminLevel.TOWN && !resolution.ambiguous()) {
            chosen = mentionFinder.findTownWithin(matchable, chosen, mentions);
        }
        EnumMap<AdminLevel, AdminUnit> chain = new EnumMap<>(AdminLevel.class);
        for (AdminUnit u = chosen; u != null; u = u.parent()) {
            chain.put(u.level(), u);
        }
        double confidence = degraded ? DEGRADED_CONFIDENCE : 1.0;
        if (resolution.ambiguous()) {
            flags.add(
                    new Flag(
                            FlagKind.AMBIGUOUS,
                            chosen == null
                                    ? null
                                    : resolution.chosenByPrior()
                                            ? chosen.level().label()
                                            : chosen.level().labelBelow(),
                            null,
                            "several units fit equally well: "
                                    + resolution.tied()
                                    + (resolution.chosenByPrior()
                                            ? "; chose "
                                                    + chosen
                                                    + ", of the highest-ranking city (municipality,"
                                                    + " then provincial capital or"
                                                    + " sub-provincial city), then of the"
                                                    + " highest level, then with the most"
                                                    + " urban subdistricts"
                                            : "")));
            confidence *= AMBIGUOUS_FACTOR;
        }
        confidence *= MentionExplanation.explain(mentions, chosen, chain, flags);
        for (AdminLevel level : AdminLevel.values()) {
            AdminUnit unit = chain.get(level);
            if (unit != null && !namedByAMention(unit, mentions)) {
                flags.add(
                        new Flag(
                                FlagKind.FILLED,
                                level.label(),
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
                degraded
                        ? Map.of()
                        : DetailExtractor.details(
                                text, elements, adminPrefixEnd, contacts, mentions);
        List<AddressRenderer.AdminSpan> adminSpans = new ArrayList<>();
        for (Mention m : mentions) {
            adminSpans.add(
                    m.placeWithin || insideAnotherName(m, elements, mentions)
                            ? AddressRenderer.AdminSpan.placeWithin(m.start, m.end)
                            : new AddressRenderer.AdminSpan(
                                    m.start,
                                    m.end,
                                    m.explainedBy != null || m.corrected,
                                    m.explainedBy,
                                    false));
        }
        for (int[] p : placeholders.spans()) {
            adminSpans.add(new AddressRenderer.AdminSpan(p[0], p[1], true, null, false));
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
     * Whether {@code m} is a unit's name, not written as the unit's own full name, inside a longer
     * element the model tagged as no administrative level (a road, a POI, a zone), and the
     * element's only mention: the name is evidence of the unit, and the element's own name keeps
     * it. 余杭 in 余杭塘路 is 余杭区's, but the road is 余杭塘路 (浙江省杭州市余杭区余杭塘路, not …余杭区塘路); so with 杭州东站,
     * 浙江传媒学院, 安定门东大街.
     */
    private static boolean insideAnotherName(
            Mention m, @Nullable List<AddressElement> elements, List<Mention> mentions) {
        if (elements == null || m.explainedBy == null) {
            return false;
        }
        if (TextNormalizer.clean(m.text).equals(m.explainedBy.name())) {
            return false; // a full name (杭州市): the model's one element spans the whole address
        }
        for (AddressElement e : elements) {
            if (AdminLevel.ofElementType(e.type()) == null
                    && e.start() <= m.start
                    && m.end <= e.end()
                    && e.end() - e.start() > m.end - m.start) {
                return mentions.stream()
                        .noneMatch(o -> o != m && o.start < e.end() && e.start() < o.end);
            }
        }
        return false;
    }

    /** Whether a mention names {@code unit} itself (not a place inside it, such as 台北市). */
    private static boolean namedByAMention(AdminUnit unit, List<Mention> mentions) {
        for (Mention m : mentions) {
            if (m.explainedBy == unit && !m.placeWithin) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable Unit unit(@Nullable AdminUnit unit) {
        return unit == null ? null : new Unit(unit.code(), unit.name());
    }
}
