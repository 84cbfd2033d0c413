package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bundled data below Taiwan, Hong Kong and Macau, read the way the gazetteer reads it. */
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
}
