package io.github.addrstd.tools;

import io.github.addrstd.standardize.AdminLevel;
import io.github.addrstd.standardize.AdminUnit;
import io.github.addrstd.standardize.Gazetteer;
import io.github.addrstd.text.TextNormalizer;

import javax.annotation.Nullable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expected administrative levels for real annotated addresses, derived from the annotators' own
 * province, city and district spans and the gazetteer's names alone (not from the standardizer's
 * resolution): the deepest unit that some span names and that every span fits (each span names it
 * or one of its ancestors). An address whose spans fit no unit, or fit several equally deep ones,
 * is left out and counted; levels above the deepest named one are expected filled in, levels below
 * are not evaluated.
 */
public final class AdminGold {

    /** One derived case: the text and the expected code per level (null: must stay empty). */
    public record Case(String text, Map<String, String> expected) {}

    /** The derived cases and why the others were left out. */
    public record Derivation(
            List<Case> cases, int withoutAdminSpans, int fittingNoUnit, int fittingSeveral) {}

    private AdminGold() {}

    public static Derivation derive(List<ConllCorpus.Address> addresses, Gazetteer gazetteer) {
        return derive(addresses, gazetteer, false);
    }

    /**
     * As {@link #derive(List, Gazetteer)}; with {@code towns}, also the expected township where an
     * annotated town span is, whole, the full name of exactly one township of the derived county
     * (or of a city without counties). Other cases leave the town unevaluated: a township written
     * by a name it no longer bears (玉潭镇 for 玉潭街道) has no gold here.
     */
    public static Derivation derive(
            List<ConllCorpus.Address> addresses, Gazetteer gazetteer, boolean towns) {
        List<Case> cases = new ArrayList<>();
        int without = 0;
        int none = 0;
        int several = 0;
        for (ConllCorpus.Address address : addresses) {
            List<List<AdminUnit>> spans = new ArrayList<>();
            for (ConllCorpus.Entity e : address.entities()) {
                AdminLevel spanLevel = AdminLevel.ofElementType(e.type());
                if (spanLevel != null
                        && spanLevel != AdminLevel.TOWN) { // the three levels the gold covers
                    String written = address.text().substring(e.start(), e.end());
                    List<AdminUnit> units = new ArrayList<>();
                    gazetteer.lookup(TextNormalizer.clean(written)).stream()
                            .filter(
                                    m ->
                                            m.unit().level()
                                                    != AdminLevel.TOWN) // 城关 in a district span
                            .forEach(m -> units.add(m.unit()));
                    spans.add(units);
                }
            }
            if (spans.isEmpty()) {
                without++;
                continue;
            }
            Set<AdminUnit> fitting = new LinkedHashSet<>();
            for (List<AdminUnit> named : spans) {
                for (AdminUnit candidate : named) {
                    if (spans.stream()
                            .allMatch(other -> other.stream().anyMatch(candidate::isWithin))) {
                        fitting.add(candidate);
                    }
                }
            }
            // The deepest: no other fitting unit lies below it.
            List<AdminUnit> deepest =
                    fitting.stream()
                            .filter(u -> fitting.stream().noneMatch(o -> o != u && o.isWithin(u)))
                            .toList();
            if (deepest.isEmpty()) {
                none++;
            } else if (deepest.size() > 1) {
                several++;
            } else {
                Map<String, String> expected = expected(deepest.get(0));
                AdminUnit town = towns ? annotatedTown(address, deepest.get(0), gazetteer) : null;
                if (town != null) {
                    expected.put("town", town.code());
                }
                cases.add(new Case(address.text(), expected));
            }
        }
        return new Derivation(cases, without, none, several);
    }

    private static @Nullable AdminUnit annotatedTown(
            ConllCorpus.Address address, AdminUnit deepest, Gazetteer gazetteer) {
        if (deepest.level() == AdminLevel.PROVINCE) {
            return null;
        }
        AdminUnit found = null;
        for (ConllCorpus.Entity e : address.entities()) {
            if (AdminLevel.ofElementType(e.type()) != AdminLevel.TOWN) {
                continue;
            }
            String written = TextNormalizer.clean(address.text().substring(e.start(), e.end()));
            for (Gazetteer.NameMatch m : gazetteer.lookup(written)) {
                if (m.unit().level() == AdminLevel.TOWN
                        && !m.shortForm()
                        && m.formerName() == null
                        && m.unit().parent() == deepest) {
                    if (found != null && found != m.unit()) {
                        return null;
                    }
                    found = m.unit();
                }
            }
        }
        return found;
    }

    private static Map<String, String> expected(AdminUnit unit) {
        Map<String, String> expected = new LinkedHashMap<>();
        AdminUnit province = unit.ancestor(AdminLevel.PROVINCE);
        expected.put("province", province == null ? null : province.code());
        if (unit.level().ordinal() >= AdminLevel.CITY.ordinal()) {
            AdminUnit city = unit.ancestor(AdminLevel.CITY);
            expected.put(
                    "city", city == null ? null : city.code()); // null: a county under its province
        }
        if (unit.level().ordinal() >= AdminLevel.DISTRICT.ordinal()) {
            AdminUnit district = unit.ancestor(AdminLevel.DISTRICT);
            expected.put("district", district == null ? null : district.code());
        }
        return expected;
    }
}
