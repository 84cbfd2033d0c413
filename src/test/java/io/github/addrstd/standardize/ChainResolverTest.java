package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Chain scoring on the real gazetteer, one decision at a time. */
class ChainResolverTest {

    private static final Gazetteer GAZETTEER = Gazetteer.getDefault();

    private static AdminUnit unit(String name, String code) {
        return GAZETTEER.lookup(name).stream()
                .map(Gazetteer.NameMatch::unit)
                .filter(u -> u.code().equals(code))
                .findFirst()
                .orElseThrow();
    }

    private static ChainResolver.Resolution resolve(Mention... mentions) {
        return ChainResolver.resolve(List.of(mentions));
    }

    private static Mention written(String name, AdminLevel taggedLevel) {
        return new Mention(0, name.length(), name, taggedLevel, GAZETTEER.lookup(name));
    }

    @Test
    void theChainThatExplainsMostMentionsWins() {
        ChainResolver.Resolution r =
                resolve(written("杭州市", AdminLevel.CITY), written("西湖区", AdminLevel.DISTRICT));
        assertThat(r.ambiguous()).isFalse();
        assertThat(r.unit().code()).isEqualTo("330106");
    }

    @Test
    void equallyGoodChainsKeepOnlyTheirCommonPartAndSayAmbiguous() {
        // 城关区: Lanzhou's and Lhasa's, both capitals: no common unit, and the prior cannot choose.
        ChainResolver.Resolution alone = resolve(written("城关区", AdminLevel.DISTRICT));
        assertThat(alone.ambiguous()).isTrue();
        assertThat(alone.unit()).isNull();
        assertThat(alone.tied()).extracting(AdminUnit::code).contains("620102", "540102");
        assertThat(alone.chosenByPrior()).as("兰州 and 拉萨 are both capitals").isFalse();

        // 鼓楼区: Nanjing, Xuzhou, Fuzhou, Kaifeng: Nanjing is the sub-provincial city.
        ChainResolver.Resolution gulou = resolve(written("鼓楼区", AdminLevel.DISTRICT));
        assertThat(gulou.ambiguous()).isTrue();
        assertThat(gulou.chosenByPrior()).isTrue();
        assertThat(gulou.unit().code()).isEqualTo("320106");
        assertThat(gulou.tied()).hasSizeGreaterThan(2);

        // With the province written, the two Jiangsu ones still tie; the prior takes the capital's.
        ChainResolver.Resolution inJiangsu =
                resolve(written("江苏省", AdminLevel.PROVINCE), written("鼓楼区", AdminLevel.DISTRICT));
        assertThat(inJiangsu.ambiguous()).isTrue();
        assertThat(inJiangsu.chosenByPrior()).isTrue();
        assertThat(inJiangsu.unit().code()).isEqualTo("320106");
        assertThat(inJiangsu.tied()).extracting(AdminUnit::code).contains("320106", "320302");
    }

    @Test
    void thePriorRanksMunicipalitiesThenSubProvincialCitiesThenCapitals() {
        AdminUnit beijing = unit("朝阳区", "110105");
        AdminUnit changchun = unit("朝阳区", "220104");
        assertThat(AdministrativeRank.rank(beijing)).isLessThan(AdministrativeRank.rank(changchun));
        assertThat(AdministrativeRank.likeliest(List.of(changchun, beijing))).isEqualTo(beijing);
        // Sub-provincial cities before other capitals, capitals before the rest.
        AdminUnit hangzhou = unit("西湖区", "330106");
        AdminUnit nanchang = unit("西湖区", "360103");
        assertThat(AdministrativeRank.likeliest(List.of(nanchang, hangzhou))).isEqualTo(hangzhou);
        AdminUnit fuzhou = unit("鼓楼区", "350102");
        AdminUnit kaifeng = unit("鼓楼区", "410204");
        assertThat(AdministrativeRank.likeliest(List.of(kaifeng, fuzhou))).isEqualTo(fuzhou);
    }

    @Test
    void aShortTownNameAloneIsNoEvidence() {
        ChainResolver.Resolution r = resolve(written("城关", null));
        assertThat(r.unit()).isNull();
        assertThat(r.ambiguous()).isFalse();
    }

    @Test
    void thePriorDoesNotChooseForAShortName() {
        // 滨海 (the model tagged 滨海园区 a district) names 滨海新区 (Tianjin, a municipality) and 滨海县
        // (Jiangsu) only by their short forms.
        ChainResolver.Resolution r = resolve(written("滨海", AdminLevel.DISTRICT));
        assertThat(r.ambiguous()).isTrue();
        assertThat(r.tied()).extracting(AdminUnit::code).contains("120116");
        assertThat(r.chosenByPrior()).isFalse();
        assertThat(r.unit()).isNull();
    }
}
