package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class ConllCorpusTest {

    @Test
    void mapsCorpusTypesOntoElementTypes() {
        List<ConllCorpus.Address> addresses =
                ConllCorpus.parse(
                        List.of(
                                "浙 B-prov",
                                "江 I-prov",
                                "滨 B-redundant",
                                "海 I-redundant",
                                "海 B-subRoad",
                                "丰 I-subRoad",
                                "路 I-subRoad",
                                "602 B-subroadno",
                                "号 I-subroadno",
                                "某 B-person",
                                "司 I-person",
                                "47 B-houseno",
                                "- B-redundant",
                                "6 B-cellno",
                                "746 B-roomno",
                                "",
                                "杭 B-city",
                                "州 I-city"),
                        ConllCorpus.typeMap());
        assertThat(addresses).hasSize(2);
        ConllCorpus.Address first = addresses.get(0);
        assertThat(first.text()).isEqualTo("浙江滨海海丰路602号某司47-6746");
        assertThat(first.entities())
                .containsExactly(
                        new ConllCorpus.Entity("prov", 0, 2),
                        new ConllCorpus.Entity("road", 4, 7),
                        new ConllCorpus.Entity("roadno", 7, 11),
                        new ConllCorpus.Entity("subpoi", 11, 13),
                        new ConllCorpus.Entity("houseno", 13, 15),
                        new ConllCorpus.Entity("cellno", 16, 17),
                        new ConllCorpus.Entity("roomno", 17, 20));
        assertThat(addresses.get(1).entities())
                .containsExactly(new ConllCorpus.Entity("city", 0, 2));
    }

    @Test
    void consecutiveBeginningsOfOneTypeAreSeparateEntities() {
        List<ConllCorpus.Address> a =
                ConllCorpus.parse(
                        List.of("东 B-subpoi", "区 I-subpoi", "3 B-subpoi", "号 I-subpoi"),
                        ConllCorpus.typeMap());
        assertThat(a.get(0).entities())
                .containsExactly(
                        new ConllCorpus.Entity("subpoi", 0, 2),
                        new ConllCorpus.Entity("subpoi", 2, 4));
    }

    @Test
    void refusesUnknownTypesAndBrokenLines() {
        assertThatThrownBy(() -> ConllCorpus.parse(List.of("x B-planet"), ConllCorpus.typeMap()))
                .hasMessageContaining("unknown corpus type 'planet'");
        assertThatThrownBy(() -> ConllCorpus.parse(List.of("x"), ConllCorpus.typeMap()))
                .hasMessageContaining("line 1");
    }

    @Test
    void theTypeMapCoversEveryCorpusType() {
        assertThat(ConllCorpus.typeMap().keySet())
                .containsExactlyInAnyOrder(
                        "prov",
                        "city",
                        "district",
                        "devzone",
                        "town",
                        "community",
                        "road",
                        "roadno",
                        "poi",
                        "subpoi",
                        "houseno",
                        "cellno",
                        "floorno",
                        "assist",
                        "subroad",
                        "subroadno",
                        "roomno",
                        "person",
                        "redundant",
                        "otherinfo",
                        "country");
        assertThat(ConllCorpus.typeMap().get("redundant")).isEmpty();
        assertThat(ConllCorpus.typeMap().get("person")).contains("subpoi");
    }

    @Test
    void aSliceTakesAddressesByPositionAndStopsAtTheEnd() {
        List<ConllCorpus.Address> corpus =
                List.of("甲", "乙", "丙").stream()
                        .map(t -> new ConllCorpus.Address(t, List.of()))
                        .toList();
        assertThat(ConllCorpus.slice(corpus, 1, Integer.MAX_VALUE))
                .extracting(ConllCorpus.Address::text)
                .containsExactly("乙", "丙");
        assertThat(ConllCorpus.slice(corpus, 0, 2))
                .extracting(ConllCorpus.Address::text)
                .containsExactly("甲", "乙");
        assertThatThrownBy(() -> ConllCorpus.slice(corpus, 4, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
