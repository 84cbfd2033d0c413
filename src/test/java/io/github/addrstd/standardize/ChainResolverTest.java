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
        return ChainResolver.resolve(List.of(mentions), GAZETTEER);
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
        // 向阳区: 鹤岗's and 佳木斯's, neither a capital, 5 urban subdistricts each: no common unit
        // below the province, and the prior cannot choose.
        ChainResolver.Resolution alone = resolve(written("向阳区", AdminLevel.DISTRICT));
        assertThat(alone.ambiguous()).isTrue();
        assertThat(alone.unit().code()).isEqualTo("23");
        assertThat(alone.tied()).extracting(AdminUnit::code).containsExactly("230402", "230803");
        assertThat(alone.chosenByPrior()).as("the same rank and as many 街道").isFalse();

        // 城关区: Lanzhou's and Lhasa's, both capitals; Lanzhou's has more urban subdistricts.
        ChainResolver.Resolution chengguan = resolve(written("城关区", AdminLevel.DISTRICT));
        assertThat(chengguan.ambiguous()).isTrue();
        assertThat(chengguan.chosenByPrior()).isTrue();
        assertThat(chengguan.unit().code()).isEqualTo("620102");
        assertThat(chengguan.tied()).extracting(AdminUnit::code).contains("620102", "540102");

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
        assertThat(likeliest(changchun, beijing)).isEqualTo(beijing);
        // Sub-provincial cities before other capitals, capitals before the rest.
        AdminUnit hangzhou = unit("西湖区", "330106");
        AdminUnit nanchang = unit("西湖区", "360103");
        assertThat(likeliest(nanchang, hangzhou)).isEqualTo(hangzhou);
        AdminUnit fuzhou = unit("鼓楼区", "350102");
        AdminUnit kaifeng = unit("鼓楼区", "410204");
        assertThat(likeliest(kaifeng, fuzhou)).isEqualTo(fuzhou);
    }

    @Test
    void withinARankThePriorTakesTheUnitWithTheMostUrbanSubdistricts() {
        AdminUnit lanzhou = unit("城关区", "620102");
        AdminUnit lhasa = unit("城关区", "540102");
        assertThat(AdministrativeRank.rank(lanzhou)).isEqualTo(AdministrativeRank.rank(lhasa));
        assertThat(GAZETTEER.urbanSubdistricts(lanzhou)).isEqualTo(25);
        assertThat(GAZETTEER.urbanSubdistricts(lhasa)).isEqualTo(12);
        assertThat(likeliest(lhasa, lanzhou)).isEqualTo(lanzhou);
        assertThat(likeliest(lanzhou, lhasa)).isEqualTo(lanzhou);
        // Rank first: 和平区 of 天津 (a municipality, 6 街道) before 沈阳's (sub-provincial, 10).
        AdminUnit tianjin = unit("和平区", "120101");
        AdminUnit shenyang = unit("和平区", "210102");
        assertThat(GAZETTEER.urbanSubdistricts(shenyang))
                .isGreaterThan(GAZETTEER.urbanSubdistricts(tianjin));
        assertThat(likeliest(shenyang, tianjin)).isEqualTo(tianjin);
        // Three of a rank, two sharing the most (晋城's and 汕尾's 城区, 7 each): no choice.
        assertThat(likeliest(unit("城区", "140302"), unit("城区", "140502"), unit("城区", "441502")))
                .isNull();
    }

    private static AdminUnit likeliest(AdminUnit... tied) {
        return AdministrativeRank.likeliest(List.of(tied), GAZETTEER::urbanSubdistricts);
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

    @Test
    void aShortNameOfAPrefectureAndOfCountiesTiesAcrossLevelsAndThePriorTakesThePrefecture() {
        // 西安: 西安市, and 辽源's and 牡丹江's 西安区. The depth tie-break used to hand it to a 西安区.
        ChainResolver.Resolution xian = resolve(written("西安", null));
        assertThat(xian.ambiguous()).isTrue();
        assertThat(xian.tied()).extracting(AdminUnit::code).contains("6101", "220403", "231005");
        assertThat(xian.chosenByPrior()).isTrue();
        assertThat(xian.unit().code()).isEqualTo("6101");
        // 海南: the province before 乌海's 海南区 and the 海南 prefecture of 青海, all of one rank.
        ChainResolver.Resolution hainan = resolve(written("海南", null));
        assertThat(hainan.unit().code()).isEqualTo("46");
        assertThat(hainan.chosenByPrior()).isTrue();
    }

    @Test
    void aDeeperUnitOfAnotherChainStillWinsOnEqualEvidenceFromOtherNames() {
        // 塘栖镇 has lain in 临平区 since 2021: the town explains as much as 余杭区 and says more.
        ChainResolver.Resolution r =
                resolve(
                        written("杭州市", AdminLevel.CITY),
                        written("余杭区", AdminLevel.DISTRICT),
                        written("塘栖镇", AdminLevel.TOWN));
        assertThat(r.ambiguous()).isFalse();
        assertThat(r.unit().parent().code()).isEqualTo("330113");
    }
}
