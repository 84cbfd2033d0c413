package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedAddress.FlagKind;
import io.github.addrstd.text.TextNormalizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Resolution rules on hand-made tagger output, independent of the model's accuracy. */
class StandardizerTest {

    private static final Standardizer STANDARDIZER = new Standardizer(Gazetteer.getDefault());

    /** Builds the address from "type:text" parts; a part without type is untagged text. */
    private static StandardizedAddress standardize(String... parts) {
        StringBuilder text = new StringBuilder();
        List<AddressElement> elements = new ArrayList<>();
        for (String part : parts) {
            int colon = part.indexOf(':');
            String type = colon < 0 ? null : part.substring(0, colon);
            String value = colon < 0 ? part : part.substring(colon + 1);
            if (type != null) {
                elements.add(
                        new AddressElement(
                                type, value, text.length(), text.length() + value.length(), 0.99f));
            }
            text.append(value);
        }
        return STANDARDIZER.standardize(text.toString(), elements, false);
    }

    /** {@code text} standardized by the gazetteer alone, as without the model. */
    private static StandardizedAddress withoutModel(String text) {
        return STANDARDIZER.standardize(text, null, false);
    }

    /** The district code the gazetteer alone resolves {@code text} to. */
    private static String districtWithoutModel(String text) {
        return withoutModel(text).district().code();
    }

    private static List<FlagKind> kinds(StandardizedAddress a) {
        return a.flags().stream().map(StandardizedAddress.Flag::kind).toList();
    }

    @Test
    void fullChainWithCodes() {
        StandardizedAddress a =
                standardize(
                        "prov:浙江省",
                        "city:杭州市",
                        "district:余杭区",
                        "town:五常街道",
                        "road:文一西路",
                        "roadno:969号");
        assertThat(a.province()).isEqualTo(new StandardizedAddress.Unit("33", "浙江省"));
        assertThat(a.city().code()).isEqualTo("3301");
        assertThat(a.district().code()).isEqualTo("330110");
        assertThat(a.town().name()).isEqualTo("五常街道");
        assertThat(a.details()).containsEntry("road", "文一西路").containsEntry("roadNumber", "969号");
        assertThat(a.full()).isEqualTo("浙江省杭州市余杭区五常街道文一西路969号");
        assertThat(a.flags()).isEmpty();
        assertThat(a.confidence()).isEqualTo(1.0);
    }

    @Test
    void shortNamesExpand() {
        StandardizedAddress a = standardize("prov:浙江", "city:杭州", "district:余杭", "road:文一西路");
        assertThat(a.full()).startsWith("浙江省杭州市余杭区");
    }

    @Test
    void fillsMissingUpperLevelsFromAUniqueDistrict() {
        StandardizedAddress a = standardize("district:徐汇区", "road:漕溪北路", "roadno:88号");
        assertThat(a.province().name()).isEqualTo("上海市");
        assertThat(a.city()).isEqualTo(new StandardizedAddress.Unit("3101", "上海市"));
        assertThat(a.full()).isEqualTo("上海市徐汇区漕溪北路88号");
        assertThat(kinds(a)).containsExactly(FlagKind.FILLED, FlagKind.FILLED);
    }

    @Test
    void anAmbiguousNameGoesToTheHigherRankingCityFlaggedWithItsAlternatives() {
        // 朝阳区 alone: Beijing's (a municipality) or Changchun's (a provincial capital).
        StandardizedAddress a = standardize("district:朝阳区", "road:建国路");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("110105", "朝阳区"));
        assertThat(a.province().name()).isEqualTo("北京市");
        StandardizedAddress.Flag ambiguous =
                a.flags().stream()
                        .filter(f -> f.kind() == FlagKind.AMBIGUOUS)
                        .findFirst()
                        .orElseThrow();
        assertThat(ambiguous.level()).isEqualTo("district");
        assertThat(ambiguous.detail()).contains("220104", "110105", "chose 朝阳区(110105)");
        assertThat(a.confidence()).isLessThanOrEqualTo(0.5);
    }

    @Test
    void anAmbiguousNameOfEquallyRankedEquallyUrbanUnitsIsNotGuessed() {
        // 向阳区: 鹤岗 and 佳木斯, neither a capital, 5 urban subdistricts each; both in 黑龙江.
        StandardizedAddress a = standardize("district:向阳区", "road:中山路", "roadno:100号");
        assertThat(a.province().code()).isEqualTo("23");
        assertThat(a.city()).isNull();
        assertThat(a.district()).isNull();
        assertThat(kinds(a)).contains(FlagKind.AMBIGUOUS);
    }

    @Test
    void betweenEquallyRankedCitiesTheMoreUrbanUnitIsChosenAtHalfTheConfidence() {
        // 城关区: 兰州's (25 街道) and 拉萨's (12), both provincial capitals.
        StandardizedAddress a = standardize("district:城关区", "road:中山路", "roadno:100号");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("620102", "城关区"));
        assertThat(a.flags())
                .anyMatch(
                        f ->
                                f.kind() == FlagKind.AMBIGUOUS
                                        && f.detail().contains("540102")
                                        && f.detail().contains("urban subdistricts"));
        assertThat(a.confidence()).isEqualTo(0.5);
    }

    @Test
    void anAmbiguousNameGoesToTheHigherRankedCityAtHalfTheConfidence() {
        // 鼓楼区: 南京 (sub-provincial), 福州 (capital), 徐州, 开封.
        StandardizedAddress a = standardize("district:鼓楼区", "road:中山路", "roadno:100号");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("320106", "鼓楼区"));
        assertThat(a.flags())
                .anyMatch(f -> f.kind() == FlagKind.AMBIGUOUS && f.detail().contains("350102"));
        assertThat(a.confidence()).isEqualTo(0.5);
    }

    @Test
    void aCountyLevelCityTaggedAsACityStillOutweighsAnUncorroboratedTown() {
        // From the real dev split: 吉首市 (a county-level city of 湘西州) tagged a city, then 石堤镇,
        // a town of 永顺县 and of 重庆's 秀山县 that nothing else written supports.
        StandardizedAddress jishou = standardize("city:吉首市", "town:石堤镇", "community:邹家", "road:2组");
        assertThat(jishou.district()).isEqualTo(new StandardizedAddress.Unit("433101", "吉首市"));
        // Only half agreement: where the writer means the prefecture by it (阿克苏市 for 阿克苏地区),
        // the county written beside it still wins.
        StandardizedAddress xinhe = standardize("prov:新疆", "city:阿克苏市", "district:新和县", "poi:东方花园");
        assertThat(xinhe.district()).isEqualTo(new StandardizedAddress.Unit("652925", "新和县"));
        assertThat(kinds(xinhe)).doesNotContain(FlagKind.AMBIGUOUS);
    }

    @Test
    void aTownNameAloneDoesNotOutweighTheCountyWrittenBesideIt() {
        // 敖江镇 (a misspelling of 平阳县's 鳌江镇) is a town of 连江县, Fujian; 康桥镇 one of Shanghai.
        StandardizedAddress pingyang =
                standardize("district:平阳县", "town:敖江镇", "road:塘古南路", "roadno:13号");
        assertThat(pingyang.province().code()).isEqualTo("33");
        assertThat(pingyang.district().code()).isEqualTo("330326");
        assertThat(kinds(pingyang)).contains(FlagKind.CONFLICT);
        assertThat(standardize("city:杭州市", "town:康桥镇", "poi:独城村").city().code()).isEqualTo("3301");
    }

    @Test
    void aTownCorroboratedByItsCityMovesTheCountyToTodaysUnit() {
        // 塘栖镇 has lain in 临平区 since 余杭区 was split in 2021.
        StandardizedAddress a = standardize("city:杭州市", "district:余杭区", "town:塘栖镇", "poi:西河村文化礼堂");
        assertThat(a.district().name()).isEqualTo("临平区");
        assertThat(a.town().name()).isEqualTo("塘栖镇");
        assertThat(kinds(a)).contains(FlagKind.CORRECTED);
    }

    @Test
    void aProvinceNameInsideAVillageNameIsNotEvidence() {
        StandardizedAddress a = withoutModel("仁和河南村好梦情缘KTV路口");
        assertThat(a.province()).isNull();
    }

    @Test
    void otherCluesDecideAmbiguousNames() {
        assertThat(standardize("city:长春市", "district:朝阳区").district().code()).isEqualTo("220104");
        assertThat(standardize("prov:北京", "district:朝阳区").district().code()).isEqualTo("110105");
        StandardizedAddress jiangsuGulou = standardize("prov:江苏省", "district:鼓楼区", "road:中山北路");
        assertThat(jiangsuGulou.province().code()).isEqualTo("32");
        assertThat(jiangsuGulou.district())
                .as("南京 and 徐州 both have a 鼓楼区: the capital's, flagged")
                .isEqualTo(new StandardizedAddress.Unit("320106", "鼓楼区"));
        assertThat(kinds(jiangsuGulou)).contains(FlagKind.AMBIGUOUS);
        assertThat(standardize("city:徐州市", "district:鼓楼区").district().code()).isEqualTo("320302");
    }

    @Test
    void countyNamedLikeItsCityIsNotMerged() {
        StandardizedAddress county =
                standardize("prov:湖南省", "city:邵阳市", "district:邵阳县", "town:塘渡口镇");
        assertThat(county.district().name()).isEqualTo("邵阳县");
        assertThat(county.city().name()).isEqualTo("邵阳市");
        StandardizedAddress city = standardize("prov:湖南", "city:邵阳", "road:宝庆东路");
        assertThat(city.city().name()).isEqualTo("邵阳市");
        assertThat(city.district()).isNull();
    }

    @Test
    void placeNamesInsideRoadsAndPoisDoNotMove_theAddress() {
        StandardizedAddress a = standardize("city:青岛市", "district:市南区", "road:重庆南路", "roadno:10号");
        assertThat(a.province().name()).isEqualTo("山东省");
        StandardizedAddress b = standardize("district:徐汇区", "road:陕西南路");
        assertThat(b.province().name()).isEqualTo("上海市");
        StandardizedAddress c = standardize("city:重庆", "district:沙坪坝区", "poi:四川外国语大学");
        assertThat(c.province().name()).isEqualTo("重庆市");
        assertThat(kinds(c)).doesNotContain(FlagKind.CONFLICT, FlagKind.CORRECTED);
    }

    @Test
    void longerNamesWinOverContainedOnes() {
        // 天津市 contains 津市 (a county-level city in Hunan); 下城区 contains 城区.
        StandardizedAddress a = withoutModel("天津市和平区南京路189号");
        assertThat(a.province().name()).isEqualTo("天津市");
        StandardizedAddress b = standardize("prov:浙江省", "city:杭州市", "district:下城区", "road:延安路");
        assertThat(b.district().name()).isEqualTo("拱墅区");
    }

    @Test
    void aTwoCharacterFormerNameInsideAnotherWordIsNoEvidence() {
        // 崇安县 (a misspelt 淳安县) holds 安县, 安州区's former name: 千岛湖镇 decides.
        StandardizedAddress a = withoutModel("崇安县千岛湖镇新安东路133号");
        assertThat(a.district().code()).isEqualTo("330127");
        // Where a name may start, it counts: 郫县 became 郫都区 in 2016.
        StandardizedAddress b = withoutModel("四川省成都市郫县犀浦镇");
        assertThat(b.district().name()).isEqualTo("郫都区");
        assertThat(kinds(b)).contains(FlagKind.RENAMED);
    }

    @Test
    void renamedUnitsMapToTodaysWithTheWrittenName() {
        StandardizedAddress a = standardize("prov:浙江省", "city:杭州市", "district:下城区", "road:延安路");
        assertThat(a.district().code()).isEqualTo("330105");
        assertThat(a.flags())
                .anySatisfy(
                        f -> {
                            assertThat(f.kind()).isEqualTo(FlagKind.RENAMED);
                            assertThat(f.written()).isEqualTo("下城区");
                            assertThat(f.detail()).contains("2021");
                        });
        assertThat(standardize("prov:湖北省", "city:襄樊市", "road:人民路").city().name()).isEqualTo("襄阳市");
    }

    @Test
    void placeholdersFromFormsAreIgnored() {
        StandardizedAddress a = standardize("prov:上海市", "city:市辖区", "district:黄浦区", "road:南京东路");
        assertThat(a.district().code()).isEqualTo("310101");
        assertThat(kinds(a)).contains(FlagKind.PLACEHOLDER).doesNotContain(FlagKind.CONFLICT);
    }

    @Test
    void conflictingProvinceIsCorrectedAndFlagged() {
        StandardizedAddress a = standardize("prov:江苏", "city:杭州市", "district:西湖区", "road:北山街");
        assertThat(a.province().name()).isEqualTo("浙江省");
        assertThat(a.flags())
                .anySatisfy(
                        f -> {
                            assertThat(f.kind()).isEqualTo(FlagKind.CORRECTED);
                            assertThat(f.written()).isEqualTo("江苏");
                        });
        assertThat(a.confidence()).isLessThan(1.0);
    }

    @Test
    void municipalitiesAndDirectCountiesFollowOneConvention() {
        StandardizedAddress beijing = standardize("prov:北京市", "district:海淀区");
        assertThat(beijing.city()).isEqualTo(new StandardizedAddress.Unit("1101", "北京市"));
        assertThat(beijing.full()).isEqualTo("北京市海淀区");
        StandardizedAddress chongqingCounty = standardize("prov:重庆市", "district:石柱土家族自治县");
        assertThat(chongqingCounty.city()).isEqualTo(new StandardizedAddress.Unit("5002", "重庆市"));
        StandardizedAddress jiyuan = standardize("prov:河南省", "district:济源市", "road:沁园路");
        assertThat(jiyuan.city()).isNull();
        assertThat(jiyuan.district().code()).isEqualTo("419001");
        StandardizedAddress dongguan = standardize("prov:广东省", "city:东莞市", "town:南城街道");
        assertThat(dongguan.district()).isNull();
        assertThat(dongguan.town().code()).startsWith("4419");
    }

    @Test
    void autonomousPrefectureShortNames() {
        assertThat(standardize("city:延边", "district:延吉市").city().name()).isEqualTo("延边朝鲜族自治州");
        assertThat(standardize("prov:广西", "city:南宁市").province().name()).isEqualTo("广西壮族自治区");
    }

    @Test
    void degradedModeUsesTheGazetteerOnTheAdministrativePrefix() {
        StandardizedAddress a = withoutModel("浙江省杭州市西湖区文三路478号");
        assertThat(a.district().code()).isEqualTo("330106");
        assertThat(a.degraded()).isTrue();
        assertThat(kinds(a)).contains(FlagKind.DEGRADED);
        StandardizedAddress road = withoutModel("徐汇区陕西南路100号");
        assertThat(road.province().name()).isEqualTo("上海市");
        assertThat(withoutModel("四川外国语大学图书馆").province()).isNull();
    }

    @Test
    void traditionalCharactersAreMatchedAndCleaned() {
        StandardizedAddress a = withoutModel("廣東省廣州市越秀區北京路");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("440104", "越秀区"));
        StandardizedAddress b = standardize("city:臺北", "road:中山北路");
        assertThat(b.details()).containsEntry("road", "中山北路");
        assertThat(TextNormalizer.clean("華潤萬家 ⼭东 ２号")).isEqualTo("华润万家山东2号");
        assertThat(TextNormalizer.forMatching("廣東省")).isEqualTo("广东省");
    }

    @Test
    void cjkRadicalsSupplementCharactersAreTheIdeographsTheyLookLike() {
        // ⻄ U+2EC4 and ⻓ U+2ED3, which NFKC leaves alone: 陕⻄省⻓安区 is 陕西省长安区 (Xi'an).
        assertThat(TextNormalizer.clean("陕⻄省⻓安区")).isEqualTo("陕西省长安区");
        assertThat(TextNormalizer.forMatching("陕⻄省⻓安区")).isEqualTo("陕西省长安区");
        assertThat(TextNormalizer.clean("⻅")).as("C-simplified see").isEqualTo("见");
        assertThat(TextNormalizer.clean("⺇"))
                .as("a non-BMP equivalent")
                .isEqualTo(new String(Character.toChars(0x20628)));
        StandardizedAddress a = withoutModel("陕⻄省⻄安市⻓安区⻄⻓安街");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("610116", "长安区"));
        FaithfulFullTest.assertFaithful("陕⻄省⻄安市⻓安区⻄⻓安街", a);
        assertThat(a.full()).isEqualTo("陕西省西安市长安区西长安街");
    }

    @Test
    void fallsBackToTheGazetteerWhenTheModelTagsNoAdministrativePart() {
        StandardizedAddress a = standardize("poi:浙江省杭州市西湖区灵隐寺");
        assertThat(a.district().code()).isEqualTo("330106");
        assertThat(a.details()).containsEntry("poi", "灵隐寺");
        assertThat(a.full()).isEqualTo("浙江省杭州市西湖区灵隐寺");
    }

    @Test
    void cleansFinerElements() {
        StandardizedAddress a =
                standardize(
                        "city:宁波市",
                        "district:海曙区",
                        "road:中山西路",
                        "roadno:１３８号",
                        "houseno:Ｂ座",
                        "floorno:12楼",
                        "1203室");
        assertThat(a.details())
                .containsEntry("roadNumber", "138号")
                .containsEntry("building", "B座")
                .containsEntry("floor", "12楼")
                .containsEntry("room", "1203室");
    }

    @Test
    void taiwanHongKongAndMacauResolveToTheirRegionAndKeepTheirOwnPlaceNames() {
        // Written in traditional script; a name there that matches a mainland unit (九龍: 九龙
        // elsewhere) is theirs.
        StandardizedAddress hongKong = withoutModel("香港九龍旺角彌敦道688號");
        assertThat(hongKong.province()).isEqualTo(new StandardizedAddress.Unit("81", "香港特别行政区"));
        assertThat(hongKong.city()).isNull();
        assertThat(hongKong.full()).isEqualTo("香港特别行政区九龙旺角弥敦道688号");
        assertThat(kinds(hongKong)).doesNotContain(FlagKind.CONFLICT);

        // 广东 inside 广东大马路 is a road's name, not Guangdong; Taipa (氹仔) is 嘉模堂区's island.
        StandardizedAddress macau = withoutModel("澳门氹仔广东大马路");
        assertThat(macau.province().code()).isEqualTo("82");
        assertThat(macau.district().code()).isEqualTo("820006");
        assertThat(macau.full()).isEqualTo("澳门特别行政区嘉模堂区凼仔广东大马路");

        StandardizedAddress taiwan = withoutModel("臺灣臺北市信義區市府路1號");
        assertThat(taiwan.province()).isEqualTo(new StandardizedAddress.Unit("71", "台湾省"));
        assertThat(taiwan.full()).isEqualTo("台湾省台北市信义区市府路1号");
    }

    @Test
    void hongKongDistrictsAndMacauParishesAreUnits() {
        StandardizedAddress shaTin = withoutModel("香港新界沙田區大埔道");
        assertThat(shaTin.province().code()).isEqualTo("81");
        assertThat(shaTin.city()).as("no city level, as in Amap's data").isNull();
        assertThat(shaTin.district()).isEqualTo(new StandardizedAddress.Unit("810016", "沙田区"));
        FaithfulFullTest.assertFaithful("香港新界沙田區大埔道", shaTin);

        StandardizedAddress taipa = standardize("district:澳門", "poi:嘉模堂區", "road:地堡街");
        assertThat(taipa.district()).isEqualTo(new StandardizedAddress.Unit("820006", "嘉模堂区"));
        assertThat(taipa.full()).isEqualTo("澳门特别行政区嘉模堂区地堡街");
        assertThat(standardize("district:澳门", "poi:圣安多尼堂区").district().code())
                .as("the church name of 花王堂区")
                .isEqualTo("820002");
        // The model, which never saw Macau, cuts 氹仔 (Taipa, 嘉模堂区's island) in two.
        StandardizedAddress cut = standardize("town:澳门氹", "road:仔广东大马路");
        assertThat(cut.district()).isEqualTo(new StandardizedAddress.Unit("820006", "嘉模堂区"));
        assertThat(cut.full()).isEqualTo("澳门特别行政区嘉模堂区凼仔广东大马路");
    }

    @Test
    void sectionNamesCountAsHongKongDistrictsOnlyAfterHongKong() {
        // 东区/南区/北区 are what estates call their sections; 香港仔 (Aberdeen, in 南区) is a place.
        StandardizedAddress estate = withoutModel("青口北区163栋9单元6楼");
        assertThat(estate.province()).isNull();
        assertThat(estate.full()).isEqualTo("青口北区163栋9单元6楼");
        StandardizedAddress eastern = withoutModel("香港东区筲箕湾道");
        assertThat(eastern.district()).isEqualTo(new StandardizedAddress.Unit("810003", "东区"));
        StandardizedAddress aberdeen = withoutModel("香港特别行政区南区香港仔大道");
        assertThat(aberdeen.district().code()).isEqualTo("810004");
        assertThat(aberdeen.full()).isEqualTo("香港特别行政区南区香港仔大道");
    }

    @Test
    void taiwansCitiesAndCountiesResolveToTaiwanAndStayAsWritten() {
        StandardizedAddress kaohsiung = withoutModel("高雄市前鎮區成功二路");
        assertThat(kaohsiung.province()).isEqualTo(new StandardizedAddress.Unit("71", "台湾省"));
        assertThat(kaohsiung.city()).isNull();
        assertThat(kaohsiung.full()).isEqualTo("台湾省高雄市前镇区成功二路");
        assertThat(kaohsiung.flags())
                .anyMatch(f -> f.kind() == FlagKind.FILLED && "province".equals(f.level()));
        FaithfulFullTest.assertFaithful("高雄市前鎮區成功二路", kaohsiung);
        // After a mainland place it is a shop's name, as 香港 is.
        StandardizedAddress shop = withoutModel("杭州市西湖区台北小吃");
        assertThat(shop.province().code()).isEqualTo("33");
    }

    @Test
    void autonomousUnitsAreFoundByTheirAbbreviation() {
        // 石柱县, 德宏州: how people write 石柱土家族自治县 and 德宏傣族景颇族自治州 (the real corpus has both);
        // the whole abbreviation is replaced, not its short name with a stray 县 or 州 left behind.
        StandardizedAddress shizhu = withoutModel("重庆市石柱县南宾镇");
        assertThat(shizhu.district().code()).isEqualTo("500240");
        // (南宾镇 is the subdistrict 南宾街道 today.)
        assertThat(shizhu.full()).isEqualTo("重庆市石柱土家族自治县南宾街道");
        StandardizedAddress dehong = withoutModel("云南省德宏州瑞丽市麓川路");
        assertThat(dehong.district().code()).isEqualTo("533102");
        assertThat(dehong.full()).isEqualTo("云南省德宏傣族景颇族自治州瑞丽市麓川路");
        assertThat(withoutModel("广西省南宁市青秀区民族大道").full())
                .as("广西省, a common slip for 广西壮族自治区")
                .isEqualTo("广西壮族自治区南宁市青秀区民族大道");
        // 红河县 is a county of 红河州, not an abbreviation of it.
        assertThat(districtWithoutModel("云南省红河县迤萨镇")).isEqualTo("532529");
    }

    @Test
    void countiesThatBecameDistrictsOrCitiesAreRenamed() {
        StandardizedAddress yuhuan = withoutModel("浙江省玉环县芦浦镇");
        assertThat(yuhuan.district()).isEqualTo(new StandardizedAddress.Unit("331083", "玉环市"));
        assertThat(yuhuan.flags())
                .anyMatch(f -> f.kind() == FlagKind.RENAMED && f.detail().contains("2017"));
        assertThat(districtWithoutModel("浙江省绍兴县平水镇")).isEqualTo("330603");
        assertThat(districtWithoutModel("广东省深圳市光明新区塘尾")).isEqualTo("440311");
    }

    @Test
    void aRetiredNameAnotherUnitStillBearsIsRenamedWithinItsOwnCity() {
        // 长治's 城区 became 潞州区 in 2018; 晋城's 城区 remains. 邢台's 桥西区 became 信都区 in 2020;
        // 张家口's and 石家庄's remain.
        StandardizedAddress changzhi = withoutModel("山西省长治市城区");
        assertThat(changzhi.district()).isEqualTo(new StandardizedAddress.Unit("140403", "潞州区"));
        assertThat(kinds(changzhi)).contains(FlagKind.RENAMED).doesNotContain(FlagKind.CONFLICT);
        assertThat(districtWithoutModel("山西省晋城市城区")).isEqualTo("140502");
        assertThat(districtWithoutModel("河北省邢台市桥西区")).isEqualTo("130503");
        assertThat(districtWithoutModel("河北省张家口市桥西区")).isEqualTo("130703");
        assertThat(kinds(withoutModel("河北省张家口市桥西区"))).doesNotContain(FlagKind.RENAMED);
    }

    @Test
    void ningbosAbolishedDistrictsAreRenamed() {
        StandardizedAddress a = withoutModel("宁波市江东区中山东路919号");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("330212", "鄞州区"));
        assertThat(kinds(a)).contains(FlagKind.RENAMED);
        assertThat(districtWithoutModel("奉化市松岙镇")).isEqualTo("330213");
    }

    @Test
    void aRegionNameAfterAnotherPlaceNameIsAShopsName() {
        StandardizedAddress a = withoutModel("杭州市香港城5幢");
        assertThat(a.city().code()).isEqualTo("3301");
        assertThat(a.full()).isEqualTo("浙江省杭州市香港城5幢");
    }

    @Test
    void aGenericZoneNameConfirmsAChainButLocatesNothing() {
        // 高新区 names three township-like units (常州, 南通, 兰州); 成都's is not a listed unit.
        StandardizedAddress chengdu = withoutModel("四川省成都市高新区天府大道中段1388号");
        assertThat(chengdu.city().code()).isEqualTo("5101");
        assertThat(chengdu.district()).isNull();
        assertThat(kinds(chengdu)).doesNotContain(FlagKind.CONFLICT);
        assertThat(chengdu.full()).isEqualTo("四川省成都市高新区天府大道中段1388号");
        // Nor does it outweigh the city's short name written before it.
        assertThat(withoutModel("西安高新区锦业路").city().code()).isEqualTo("6101");
        assertThat(kinds(withoutModel("浙江省金华市永康市经济开发区子政路952-13号")))
                .doesNotContain(FlagKind.CONFLICT);
    }

    @Test
    void namesInsideOrQualifyingADevelopmentZoneAreNoClaim() {
        // 经济技术开发区 (a unit's name in four other places) inside the model's zone span.
        StandardizedAddress yizhuang = standardize("prov:北京市", "district:大兴区", "devzone:亦庄经济技术开发区");
        assertThat(yizhuang.district().code()).isEqualTo("110115");
        assertThat(kinds(yizhuang)).doesNotContain(FlagKind.CONFLICT);
        assertThat(yizhuang.confidence()).isEqualTo(1.0);
        // 东湖 (南昌's 东湖区 by its short name) names the zone after the lake.
        StandardizedAddress wuhan = standardize("city:武汉", "district:东湖高新区", "road:光谷大道");
        assertThat(wuhan.city().code()).isEqualTo("4201");
        assertThat(kinds(wuhan)).doesNotContain(FlagKind.CONFLICT);
        assertThat(wuhan.full()).isEqualTo("湖北省武汉市东湖高新区光谷大道");
        // Where it fits, the qualifier is evidence: 红谷滩新区 is what 红谷滩区 was called before 2019.
        StandardizedAddress nanchang = withoutModel("江西南昌红谷滩新区丰和中大道");
        assertThat(nanchang.district().code()).isEqualTo("360113");
        assertThat(nanchang.full()).isEqualTo("江西省南昌市红谷滩区丰和中大道");
    }

    @Test
    void anAutonomousPrefecturesShortNameWithOnly州IsReplacedWhole() {
        StandardizedAddress a = standardize("prov:云南省", "city:西双版纳", "州", "district:景洪市");
        assertThat(a.city().code()).isEqualTo("5328");
        assertThat(a.full()).isEqualTo("云南省西双版纳傣族自治州景洪市");
    }

    @Test
    void aCountysFullNameTaggedAsAPlaceAfterItsCityIsTheCounty() {
        StandardizedAddress a = standardize("town:厦门", "poi:湖里区");
        assertThat(a.district().code()).isEqualTo("350206");
        assertThat(a.full()).isEqualTo("福建省厦门市湖里区");
        // Not a unit elsewhere: 东城区 is 北京's, and 东莞 has none.
        StandardizedAddress dongguan = standardize("prov:广东省", "city:东莞市", "town:南城街道", "poi:东城区");
        assertThat(dongguan.district()).isNull();
        assertThat(kinds(dongguan)).doesNotContain(FlagKind.CORRECTED, FlagKind.CONFLICT);
    }

    @Test
    void namesTheModelTaggedAsAPlaceBeforeTheCountyStayInTheAdministrativePart() {
        // The model read 浙江杭州 as a POI; the recipient's and phone's tags are ignored.
        StandardizedAddress a =
                standardize(
                        "收货人：李四，电话：",
                        "road:0571",
                        "-",
                        "roomno:88886666",
                        "，",
                        "poi:浙江杭州",
                        "district:拱墅区",
                        "road:莫干山路",
                        "roadno:100号");
        assertThat(a.city().code()).isEqualTo("3301");
        assertThat(a.district().code()).isEqualTo("330105");
        assertThat(a.full()).isEqualTo("浙江省杭州市拱墅区莫干山路100号");
        assertThat(a.details())
                .doesNotContainKey("poi")
                .containsEntry("road", "莫干山路")
                .containsEntry("roadNumber", "100号");
    }

    @Test
    void theCitysLast市MayBeginItsDistrictsName() {
        // 青岛市南区 is 青岛 and 市南区, not 青岛市 and a 南区 it does not have.
        StandardizedAddress qingdao = standardize("prov:山东", "city:青岛市", "district:南区");
        assertThat(qingdao.district()).isEqualTo(new StandardizedAddress.Unit("370202", "市南区"));
        assertThat(kinds(qingdao)).doesNotContain(FlagKind.CONFLICT);
        assertThat(qingdao.full()).isEqualTo("山东省青岛市市南区");
        assertThat(districtWithoutModel("济南市中区经十路")).isEqualTo("370103");
        // Written in full, nothing is shared.
        assertThat(withoutModel("青岛市市南区香港中路").full()).isEqualTo("山东省青岛市市南区香港中路");
    }

    @Test
    void aTownshipWrittenUnderTheKindItHasLeftIsFoundByItsStemWithinTheCounty() {
        // 宁乡县 became a city in 2017 and its 玉潭镇 the subdistrict 玉潭街道.
        StandardizedAddress a = withoutModel("宁乡县玉潭镇");
        assertThat(a.town()).isEqualTo(new StandardizedAddress.Unit("430182001", "玉潭街道"));
        assertThat(a.flags())
                .anyMatch(
                        f ->
                                f.kind() == FlagKind.RENAMED
                                        && "玉潭镇".equals(f.written())
                                        && !f.detail().contains(" in "));
        assertThat(kinds(a)).doesNotContain(FlagKind.CONFLICT);
        assertThat(a.full()).isEqualTo("湖南省长沙市宁乡市玉潭街道");
        // Only the county's own townships: 玉潭 names none of 长沙县's.
        assertThat(withoutModel("长沙县玉潭镇").town()).isNull();
    }

    @Test
    void oneNameTheModelCutInTwoIsReadWhole() {
        StandardizedAddress a = standardize("prov:湖北省", "city:神农", "district:架林区", "town:松柏镇");
        assertThat(a.district().code()).isEqualTo("429021");
        assertThat(kinds(a)).doesNotContain(FlagKind.CONFLICT);
        assertThat(a.full()).isEqualTo("湖北省神农架林区松柏镇");
        assertThat(standardize("prov:甘肃省", "city:嘉峪", "district:关市", "road:新华中路").city().code())
                .isEqualTo("6202");
        // Two names side by side stay two.
        assertThat(standardize("city:杭州", "district:西湖区").district().code()).isEqualTo("330106");
    }

    @Test
    void anAutonomousUnitsShortNameWithItsKindIsReplacedWhole() {
        assertThat(withoutModel("湖南省湘西自治州凤凰县沱江镇").full()).isEqualTo("湖南省湘西土家族苗族自治州凤凰县沱江镇");
        assertThat(withoutModel("浙江省丽水市景宁自治县").full()).isEqualTo("浙江省丽水市景宁畲族自治县");
    }

    @Test
    void aFullNameTheModelCutAcrossAPlaceAndACityIsStillRead() {
        // After a phone number it did not know, the model tagged 北 a POI and 京市 a city.
        StandardizedAddress a =
                standardize("subpoi:北", "city:京市", "district:海淀区", "road:中关村大街", "roadno:1号");
        assertThat(a.district().code()).isEqualTo("110108");
        assertThat(a.full()).isEqualTo("北京市海淀区中关村大街1号");
    }

    @Test
    void aZoneNamedAfterItsCityWrittenWithTheCitys市IsThatUnit() {
        StandardizedAddress a =
                standardize("prov:江苏省", "devzone:苏州市工业园区", "road:星湖街", "roadno:328号");
        assertThat(a.district()).isEqualTo(new StandardizedAddress.Unit("320576", "苏州工业园区"));
        // A generic zone name with a township's short form among its matches is still generic.
        assertThat(kinds(withoutModel("金华市工业园区甘溪路153号"))).doesNotContain(FlagKind.CONFLICT);
    }

    @Test
    void aPlaceBeforeARingRoadIsStillAPlace() {
        // 环 alone began a road in the rule that drops 陕西 from 陕西南路; only 环路 does now.
        assertThat(withoutModel("浙江台州黄岩环城西路866号").district().code()).isEqualTo("331003");
        assertThat(withoutModel("香港中環皇后大道中99號").province().code()).isEqualTo("81");
        assertThat(withoutModel("陕西南路100号").province()).isNull();
    }

    @Test
    void aCountysPlaceholderTownshipIsNoTownship() {
        // The division codes list 金门县 with one row 000 named like the county.
        StandardizedAddress a = withoutModel("福建省金门县金城镇");
        assertThat(a.town()).isNull();
        assertThat(a.full()).isEqualTo("福建省泉州市金门县金城镇");
    }

    @Test
    void aCountysTwoCharacterShortNameInsideAnotherWordIsNoEvidence() {
        // 雄安新区 holds 安新 (安新县), 瓯北镇 北镇 (北镇市), 钱清镇 清镇 (清镇市): none of them is meant.
        StandardizedAddress xiongan = standardize("prov:河北", "district:雄安新区");
        assertThat(xiongan.district()).isNull();
        assertThat(withoutModel("瓯北镇双塔路2618号").province()).isNull();
        assertThat(withoutModel("钱清镇钱江大厦11幢1552").province()).isNull();
        // After a level word or a house number's 号 a name may start.
        assertThat(withoutModel("广东省-惠州市-市辖区惠东吉隆").district().code()).isEqualTo("441323");
        assertThat(withoutModel("浙江省台州市黄岩区北城开发区").district().code()).isEqualTo("331003");
    }

    @Test
    void aUnitsNameInsideARoadOrAPlacesNameIsEvidenceAndStaysInIt() {
        // 余杭 is 余杭区's short name, but the road is 余杭塘路, the station 杭州东站.
        StandardizedAddress road = standardize("road:余杭塘路", "roadno:1892号");
        assertThat(road.district().code()).isEqualTo("330110");
        assertThat(road.full()).isEqualTo("浙江省杭州市余杭区余杭塘路1892号");
        StandardizedAddress station = standardize("poi:杭州东站");
        assertThat(station.city().code()).isEqualTo("3301");
        assertThat(station.full()).isEqualTo("浙江省杭州市杭州东站");
        // A full name the model tagged inside one long POI is still the prefix it replaces.
        assertThat(standardize("poi:杭州市西湖区文三路90号").full()).isEqualTo("浙江省杭州市西湖区文三路90号");
    }
}
