package io.github.addrstd.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

class NonAddressTextTest {

    /** The gazetteer's part these cases need: places are known, people are not. */
    private static final PlaceNames PLACES = name -> Set.of("杭州", "浙江", "海宁").contains(name);

    /** The spans of {@code text} as the tagger finds them: in its folded form. */
    private static List<int[]> spans(String text, PlaceNames places) {
        return NonAddressText.spans(TextNormalizer.forMatching(text), places);
    }

    /** What the model reads: the text with the spans blanked, whitespace runs as one space. */
    private static String modelView(String text, PlaceNames places) {
        return NonAddressText.blankedOut(text, spans(text, places)).replaceAll("\\s+", " ").strip();
    }

    @Test
    void anAddressAloneKeepsEverything() {
        for (String address :
                new String[] {
                    "浙江省杭州市西湖区文三路90号东部软件园1号楼",
                    "杭州市西湖区文三路90号新地址大厦3楼",
                    "宁波市鄞州区首南街道天童南路588号 宁波文化广场",
                    "余杭区五常街道12345678901234号仓库",
                    "台州市路桥区先生路3号"
                }) {
            assertThat(spans(address, PLACES)).as(address).isEmpty();
        }
    }

    @Test
    void aShopsDeliveryFormKeepsOnlyItsAddress() {
        assertThat(modelView("收货人：张伟\n手机号码：138 1234 5678\n所在地区：浙江省杭州市西湖区\n详细地址：文三路90号", PLACES))
                .isEqualTo("浙江省杭州市西湖区 文三路90号");
        assertThat(modelView("姓名：陈建强；电话：0571-88888888；地址：长兴县雉城镇", PLACES)).isEqualTo("长兴县雉城镇");
        assertThat(modelView("收件地址：浙江省杭州市西湖区文三路90号", PLACES)).isEqualTo("浙江省杭州市西湖区文三路90号");
        // Traditional and full-width forms of the same labels and numbers.
        assertThat(modelView("收貨人：陳建強 電話：１３８１２３４５６７８ 詳細地址：西湖區文三路90號", PLACES))
                .isEqualTo("西湖區文三路90號");
        // A remark runs to the next field's label or the end.
        assertThat(modelView("文三路90号1号楼 备注：放门口", PLACES)).isEqualTo("文三路90号1号楼");
        assertThat(modelView("备注：放门口 地址：浙江省杭州市西湖区", PLACES)).isEqualTo("浙江省杭州市西湖区");
    }

    @Test
    void aRecipientBesideAPhoneNumberGoesWhereItCannotBeTheAddresss() {
        assertThat(modelView("张三，13812345678，海宁许村七号桥", PLACES)).isEqualTo("海宁许村七号桥");
        assertThat(modelView("文三路90号1号楼 13812345678 张三", PLACES)).isEqualTo("文三路90号1号楼");
        assertThat(modelView("文三路90号1号楼 李四收 15900001111", PLACES)).isEqualTo("文三路90号1号楼");
        assertThat(modelView("文三路90号（王军，16198884562）", PLACES)).isEqualTo("文三路90号");
        assertThat(modelView("李女士 文三路90号", PLACES)).isEqualTo("文三路90号");
    }

    @Test
    void aNameBetweenALeadingPhoneNumberAndTheAddressGoesOnlyWhenThePlacesAreKnown() {
        String address = "16899901062 吴刚 浙江省杭州市余杭区";
        assertThat(modelView(address, PLACES)).isEqualTo("浙江省杭州市余杭区");
        assertThat(modelView(address, PlaceNames.UNKNOWN)).isEqualTo("吴刚 浙江省杭州市余杭区");
    }

    @Test
    void aPlaceOrAShopBesideAPhoneNumberStays() {
        assertThat(modelView("13800000000 杭州 西湖区文三路90号", PLACES)).isEqualTo("杭州 西湖区文三路90号");
        assertThat(modelView("13800000000 杭州 西湖区文三路90号", PlaceNames.UNKNOWN))
                .isEqualTo("杭州 西湖区文三路90号");
        assertThat(modelView("杭州 13800000000 西湖区文三路90号", PLACES)).isEqualTo("杭州 西湖区文三路90号");
        assertThat(modelView("杭州市西湖区文三路90号 沃尔玛 13800000000", PLACES)).isEqualTo("杭州市西湖区文三路90号 沃尔玛");
    }

    @Test
    void oneSeparatorStaysBetweenTheTwoPartsAroundAHiddenSpan() {
        String text = "海宁，13812345678，许村";
        String blanked = NonAddressText.blankedOut(text, spans(text, PLACES));
        assertThat(blanked).hasSameSizeAs(text).startsWith("海宁，").endsWith("许村");
        assertThat(blanked.replace(" ", "")).isEqualTo("海宁，许村");
    }
}
