package io.github.addrstd.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.standardize.AdminLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Everything that names element types agrees with the one registry, element-types.tsv. */
class ElementTypeRegistryTest {

    /** MGeo's contract, written out here on purpose: the registry must not drift from it. */
    private static final List<String> MGEO_17 =
            List.of(
                    "prov",
                    "city",
                    "district",
                    "devzone",
                    "town",
                    "community",
                    "village_group",
                    "road",
                    "roadno",
                    "intersection",
                    "poi",
                    "subpoi",
                    "houseno",
                    "cellno",
                    "floorno",
                    "assist",
                    "distance");

    @Test
    void mgeosSeventeenComeFirstInMGeosOrderThenTheDefaultModelsOwn() {
        List<ElementType> all = ElementType.all();
        assertThat(all.subList(0, 17))
                .extracting(ElementType::name)
                .containsExactlyElementsOf(MGEO_17);
        assertThat(all.subList(0, 17)).allMatch(ElementType::inMGeo);
        assertThat(all.subList(17, all.size()))
                .extracting(ElementType::name)
                .containsExactly("roomno");
        assertThat(all.subList(17, all.size())).noneMatch(ElementType::inMGeo);
    }

    @Test
    void adminLevelsAreTheGazetteersFour() {
        assertThat(ElementType.all().stream().filter(t -> t.adminLevel() != null).toList())
                .extracting(ElementType::name, t -> AdminLevel.valueOf(t.adminLevel()))
                .containsExactly(
                        tuple("prov", AdminLevel.PROVINCE),
                        tuple("city", AdminLevel.CITY),
                        tuple("district", AdminLevel.DISTRICT),
                        tuple("town", AdminLevel.TOWN));
        assertThat(AdminLevel.ofElementType("roadno")).isNull();
        assertThat(AdminLevel.ofElementType("city")).isEqualTo(AdminLevel.CITY);
        assertThat(
                        ElementType.all().stream()
                                .filter(ElementType::inAdminPrefix)
                                .map(ElementType::name))
                .containsExactly("prov", "city", "district", "devzone", "town");
    }

    @Test
    void theOutputSchemaListsExactlyTheRegisteredTypesAndDetailKeys() throws Exception {
        JsonNode schema =
                new ObjectMapper()
                        .readTree(
                                Path.of("kafka/schemas/standardized-address.schema.json").toFile());
        List<String> enumerated = new ArrayList<>();
        schema.findValue("elements")
                .get("items")
                .get("properties")
                .get("type")
                .get("enum")
                .forEach(n -> enumerated.add(n.asText()));
        assertThat(enumerated)
                .containsExactlyElementsOf(
                        ElementType.all().stream().map(ElementType::name).toList());

        List<String> detailKeys = new ArrayList<>();
        schema.findValue("details")
                .get("properties")
                .fieldNames()
                .forEachRemaining(detailKeys::add);
        assertThat(detailKeys)
                .containsExactlyElementsOf(
                        ElementType.all().stream()
                                .map(ElementType::detailKey)
                                .filter(Objects::nonNull)
                                .toList());
    }

    @Test
    void theShippedModelsLabelsAreMGeosFiftySevenThenTheExtraTypesBie() throws Exception {
        List<String> mgeo = new ArrayList<>(List.of("O"));
        List<String> extra = new ArrayList<>();
        for (ElementType t : ElementType.all()) {
            List<String> labels = t.inMGeo() ? mgeo : extra;
            for (String prefix : List.of("B-", "I-", "E-")) {
                labels.add(prefix + t.name());
            }
            if (t.hasSingleTag()) {
                labels.add("S-" + t.name());
            }
        }
        mgeo.sort(null);
        assertThat(mgeo).hasSize(57);
        List<String> expected = new ArrayList<>(mgeo);
        expected.addAll(extra);
        assertThat(Files.readAllLines(Path.of("model/default", ModelDirectory.LABELS)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theModelToolsReadTheSameFile() throws Exception {
        assertThat(Files.readString(Path.of("model/tools/element_types.py")))
                .contains("\"io\", \"github\", \"addrstd\", \"event\", \"element-types.tsv\"");
        assertThat(ElementType.class.getResource(ElementType.RESOURCE).getPath())
                .endsWith("io/github/addrstd/event/element-types.tsv");
        assertThat(Path.of("src/main/resources/io/github/addrstd/event/element-types.tsv"))
                .isRegularFile();
    }

    @Test
    void malformedRowsAreRejected() {
        String header = "type\torigin\tsingle\tadmin_level\tdetail_key\tadmin_prefix\tdescription";
        assertThatThrownBy(
                        () ->
                                ElementType.parse(
                                        List.of(header, "prov\tmgeo\tno\tPROVINCE\t-\tyes")))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> ElementType.parse(List.of(header, "x\tmgeo\tno\tCITY\tx\tno\td")))
                .hasMessageContaining("exactly one of admin_level and detail_key");
        assertThatThrownBy(
                        () ->
                                ElementType.parse(
                                        List.of(
                                                header,
                                                "x\tmgeo\tno\t-\tx\tno\td",
                                                "x\tmgeo\tno\t-\ty\tno\td")))
                .hasMessageContaining("once");
        assertThat(
                        ElementType.parse(
                                        List.of(
                                                "# comment",
                                                header,
                                                "x\tdefault-model\tyes\t-\tkey\tno\td"))
                                .get("x"))
                .isEqualTo(new ElementType("x", false, true, null, "key", false));
    }
}
