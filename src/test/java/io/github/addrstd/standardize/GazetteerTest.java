package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.text.TextNormalizer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bundled data below Taiwan, Hong Kong and Macau, and the renames derived from the division
 * changes of 2000-2022, read the way the gazetteer reads them.
 */
class GazetteerTest {

    private static final Gazetteer GAZETTEER = Gazetteer.getDefault();

    private static List<String[]> regionDivisionRows() throws IOException {
        try (InputStream in =
                GazetteerTest.class.getResourceAsStream(
                        "/gazetteer/special-administrative-region-divisions.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("code,"))
                    .map(l -> l.split(",", -1))
                    .toList();
        }
    }

    @Test
    void everyTraditionalFormFoldsToItsNameAndNamesTheRow() throws IOException {
        List<String[]> rows = regionDivisionRows();
        assertThat(rows).hasSizeGreaterThan(50);
        for (String[] r : rows) {
            assertThat(TextNormalizer.forMatching(r[5])).as(r[5]).isEqualTo(r[1]);
            AdminUnit expected = GAZETTEER.byCode(r[0].isEmpty() ? r[3] : r[0]);
            assertThat(GAZETTEER.lookup(r[1]))
                    .as(r[1])
                    .anyMatch(
                            m ->
                                    m.unit().equals(expected)
                                            && m.placeWithin() == r[0].isEmpty()
                                            && m.afterRegion() == r[4].equals("yes"));
        }
    }

    @Test
    void hongKongHasEighteenDistrictsAndMacauEightZonesUnderTheRegion() {
        for (int i = 1; i <= 18; i++) {
            AdminUnit d = GAZETTEER.byCode(String.format("8100%02d", i));
            assertThat(d.level()).isEqualTo(AdminLevel.DISTRICT);
            assertThat(d.parent().code()).isEqualTo("81");
        }
        for (int i = 1; i <= 8; i++) {
            assertThat(GAZETTEER.byCode(String.format("8200%02d", i)).parent().code())
                    .isEqualTo("82");
        }
        assertThat(GAZETTEER.byCode("810019")).isNull();
    }

    @Test
    void shortFormsAnotherUnitUsesStayThatUnits() {
        // 大埔 is 广东's 大埔县 (and 湾仔 珠海's 湾仔街道): neither short form names Hong Kong's district.
        assertThat(GAZETTEER.lookup("大埔")).noneMatch(m -> m.unit().code().startsWith("81"));
        assertThat(GAZETTEER.lookup("湾仔")).noneMatch(m -> m.unit().code().startsWith("81"));
        assertThat(GAZETTEER.lookup("荃湾")).anyMatch(m -> m.unit().code().equals("810010"));
        // 金门县 and 连江县 are coded under 福建省 by the mainland data, not listed as Taiwan's.
        assertThat(GAZETTEER.lookup("金门县")).allMatch(m -> m.unit().code().startsWith("35"));
    }

    @Test
    void retiredNamesMapToTheUnitThatCoversThemToday() {
        // One step (陕县 2015), several (中甸县 > 香格里拉县 2001 > 香格里拉市 2014; 南汇县 > 南汇区 >
        // 浦东新区 2009), a town made a city (龙港镇 2019), a county divided with no continuation
        // (邯郸县 2016: its prefecture).
        assertThat(renamedTo("陕县")).isEqualTo("411203");
        assertThat(renamedTo("中甸县")).isEqualTo("533401");
        assertThat(renamedTo("南汇县")).isEqualTo("310115");
        assertThat(renamedTo("襄阳县")).isEqualTo("420607");
        assertThat(renamedTo("龙港镇")).isEqualTo("330383");
        assertThat(renamedTo("邯郸县")).isEqualTo("1304");
        assertThat(renamedTo("呼伦贝尔盟")).isEqualTo("1507");
        // Words that were once names (新区 of 唐山, 市区 of 鹤壁) are no former names: they would be
        // found in any text holding them.
        for (String word : List.of("新区", "市区", "城南区", "南郊区", "东市区")) {
            assertThat(GAZETTEER.lookup(word)).as(word).allMatch(m -> m.formerName() == null);
        }
    }

    private static String renamedTo(String name) {
        List<Gazetteer.NameMatch> matches =
                GAZETTEER.lookup(name).stream().filter(m -> m.formerName() != null).toList();
        assertThat(matches).as(name).hasSize(1);
        return matches.get(0).unit().code();
    }
}
