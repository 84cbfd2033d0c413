package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.StandardizedAddress;
import io.github.addrstd.event.StandardizedAddress.Contact;
import io.github.addrstd.event.StandardizedAddress.ContactKind;
import io.github.addrstd.event.StandardizedAddress.FlagKind;
import io.github.addrstd.event.TaggingOutcome;
import io.github.addrstd.model.DjlAddressTagger;
import io.github.addrstd.model.ModelDirectory;
import io.github.addrstd.text.TextNormalizer;
import io.github.addrstd.tools.ConllCorpus;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code full} keeps the address's own text: every character of the input is in {@code full}, in
 * order, or accounted for by a named field ({@code contacts}, {@code adminText}). Checked on
 * hand-made cases and on every address of the real NAACL 2019 dev split (text nobody here wrote),
 * with the gold tags, without a model, and with the shipped model.
 */
class FaithfulFullTest {

    private static final Gazetteer GAZETTEER = Gazetteer.getDefault();
    private static final Standardizer STANDARDIZER = new Standardizer(GAZETTEER);
    private static final Path DEV = ConllCorpus.NAACL_DEV_SPLIT;

    /**
     * The property: cut the contacts out of the raw text and clean it; {@code full} is that text
     * with one occurrence of {@code adminText.written} replaced by {@code adminText.canonical} (or
     * the text itself when no prefix was replaced), and the replaced text holds nothing but
     * administrative names, form placeholders and punctuation.
     */
    static void assertFaithful(String raw, StandardizedAddress a) {
        boolean[] contact = new boolean[raw.length()];
        for (Contact c : a.contacts()) {
            assertThat(raw.substring(c.start(), c.end()))
                    .as("contact span of %s", raw)
                    .isEqualTo(c.text());
            java.util.Arrays.fill(contact, c.start(), c.end(), true);
        }
        // Punctuation that only set a contact off at either end of the address goes with it.
        int head = 0;
        while (head < raw.length()
                && (contact[head] || !Character.isLetterOrDigit(raw.charAt(head)))) {
            head++;
        }
        int tail = raw.length();
        while (tail > head
                && (contact[tail - 1] || !Character.isLetterOrDigit(raw.charAt(tail - 1)))) {
            tail--;
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            boolean edgeBesideAContact =
                    i < head && hasContact(contact, 0, head)
                            || i >= tail && hasContact(contact, tail, raw.length());
            if (!contact[i] && !edgeBesideAContact) {
                kept.append(raw.charAt(i));
            }
        }
        assertThat(a.flags().stream().filter(f -> f.kind() == FlagKind.CONTACT_MOVED))
                .hasSize(a.contacts().size());
        String own = TextNormalizer.clean(kept.toString());
        for (StandardizedAddress.Flag f : a.flags()) {
            if (f.kind() == FlagKind.CONFLICT) {
                // A name that fits no unit of the chain is not replaced by one: it stays.
                assertThat(a.full())
                        .as("full of %s keeps the conflicting %s", raw, f.written())
                        .contains(TextNormalizer.clean(f.written()));
            }
        }
        if (a.adminText() == null) {
            assertThat(a.full()).as("full of %s", raw).isEqualTo(own);
            return;
        }
        String written = a.adminText().written();
        boolean found = false;
        for (int i = own.indexOf(written); i >= 0 && !found; i = own.indexOf(written, i + 1)) {
            found =
                    a.full()
                            .equals(
                                    own.substring(0, i)
                                            + a.adminText().canonical()
                                            + own.substring(i + written.length()));
        }
        assertThat(found)
                .as(
                        "full %s of %s is its text %s with %s replaced by %s",
                        a.full(), raw, own, written, a.adminText().canonical())
                .isTrue();
        boolean[] covered = new boolean[written.length()];
        for (NameScanner.Hit hit : GAZETTEER.scan(written)) {
            for (int i = hit.start(); i < hit.end(); i++) {
                covered[i] = true;
            }
        }
        for (int i = 0; i < written.length(); i++) {
            for (int j = i + 2;
                    j <= Math.min(written.length(), i + 12);
                    j++) { // short names the scan skips: 九堡
                if (!GAZETTEER.lookup(written.substring(i, j)).isEmpty()) {
                    java.util.Arrays.fill(covered, i, j, true);
                }
            }
        }
        for (int i = 1; i < written.length(); i++) {
            // a level word written after a short name in place of its own (浦东区 for 浦东新区, 广西自治区)
            for (String word : List.of("县", "区", "州", "新区", "自治区", "自治州", "自治县", "自治旗")) {
                if (covered[i - 1] && !covered[i] && written.startsWith(word, i)) {
                    java.util.Arrays.fill(covered, i, i + word.length(), true);
                }
            }
        }
        for (StandardizedAddress.Flag f : a.flags()) {
            // a name the flag says the canonical one replaced (玉潭镇, now 玉潭街道), or a form's label
            if ((f.kind() == FlagKind.RENAMED || f.kind() == FlagKind.PLACEHOLDER)
                    && f.written() != null) {
                String renamed = TextNormalizer.clean(f.written());
                for (int i = written.indexOf(renamed);
                        i >= 0;
                        i = written.indexOf(renamed, i + 1)) {
                    java.util.Arrays.fill(covered, i, i + renamed.length(), true);
                }
            }
        }
        for (String placeholder : Gazetteer.PLACEHOLDERS) {
            for (int i = written.indexOf(placeholder);
                    i >= 0;
                    i = written.indexOf(placeholder, i + 1)) {
                for (int j = i; j < i + placeholder.length(); j++) {
                    covered[j] = true;
                }
            }
        }
        for (int i = 0; i < written.length(); i++) {
            assertThat(covered[i] || !Character.isLetterOrDigit(written.charAt(i)))
                    .as("%s (replaced in %s) is an administrative name at %d", written, raw, i)
                    .isTrue();
        }
    }

    private static boolean hasContact(boolean[] contact, int from, int to) {
        for (int i = from; i < to; i++) {
            if (contact[i]) {
                return true;
            }
        }
        return false;
    }

    private static StandardizedAddress standardize(String text) {
        StandardizedAddress a = STANDARDIZER.standardize(text, null, false);
        assertFaithful(text, a);
        return a;
    }

    @Test
    void nothingIsDroppedOrReordered() {
        assertThat(standardize("成都市武侯区人民南路四段1号附近100米").full()).isEqualTo("四川省成都市武侯区人民南路四段1号附近100米");
        assertThat(standardize("广东省深圳市南山区科技园南区高新南七道数字技术园B2栋3楼").full())
                .isEqualTo("广东省深圳市南山区科技园南区高新南七道数字技术园B2栋3楼");
        assertThat(standardize("北京朝阳区望京SOHO塔3 B座1201").full()).isEqualTo("北京市朝阳区望京SOHO塔3B座1201");
        assertThat(standardize("浙江杭州余杭文一西路969号(东门进)").full()).isEqualTo("浙江省杭州市余杭区文一西路969号(东门进)");
    }

    @Test
    void aNameThatFitsNoUnitOfTheChainStaysAsWritten() {
        // 龙港镇 left 苍南县 in 2019 (now 龙港市); written after 苍南县 it fits no unit of the chain,
        // and the address still lies in it.
        StandardizedAddress a = standardize("浙江省温州市苍南县龙港镇松阳路901号");
        assertThat(a.district().name()).isEqualTo("苍南县");
        assertThat(a.flags()).anyMatch(f -> f.kind() == FlagKind.CONFLICT);
        assertThat(a.full()).isEqualTo("浙江省温州市苍南县龙港镇松阳路901号");
        assertThat(standardize("象山县高塘乡珠门村五组41号").full()).isEqualTo("浙江省宁波市象山县高塘乡珠门村五组41号");
    }

    @Test
    void aShortNameWrittenWithAnotherLevelWordIsReplacedWhole() {
        // 浦东新区 written 浦东区, 平桂区 written 平桂县: no stray 区 or 县 before the street.
        assertThat(standardize("上海市浦东区锦绣路100号").full()).isEqualTo("上海市浦东新区锦绣路100号");
        assertThat(standardize("广西贺州市平桂县望高镇").full()).isEqualTo("广西壮族自治区贺州市平桂区望高镇");
        // Not 市, which begins words (市场, 市府路), nor a word where a name starts (县 of 余杭县 is one).
        assertThat(standardize("深圳福田市场一期").full()).isEqualTo("广东省深圳市福田区市场一期");
        // An autonomous region's or prefecture's short name with the generic word for its kind.
        assertThat(standardize("广西自治区桂林市七星区").full()).isEqualTo("广西壮族自治区桂林市七星区");
    }

    @Test
    void aCitysDocumentedInformalNameIsReplacedByItsCanonicalOne() {
        StandardizedAddress a = standardize("呼市赛罕区大学东街235号");
        assertThat(a.full()).isEqualTo("内蒙古自治区呼和浩特市赛罕区大学东街235号");
        assertThat(standardize("乌市天山区解放北路").full()).isEqualTo("新疆维吾尔自治区乌鲁木齐市天山区解放北路");
        assertThat(standardize("哈市道里区中央大街100号").full()).isEqualTo("黑龙江省哈尔滨市道里区中央大街100号");
        // A province's colloquial short form too.
        assertThat(standardize("内蒙包头市昆都仑区钢铁大街").full()).isEqualTo("内蒙古自治区包头市昆都仑区钢铁大街");
        // Inside a longer name it is nothing: 义乌市 stays 义乌市.
        assertThat(standardize("浙江省义乌市稠城街道").city().name()).isEqualTo("金华市");
    }

    @Test
    void repeatedAndPlaceholderPrefixesAreReplacedOnce() {
        StandardizedAddress repeated = standardize("浙江省浙江省杭州市西湖区文三路478号");
        assertThat(repeated.full()).isEqualTo("浙江省杭州市西湖区文三路478号");
        assertThat(repeated.adminText().written()).isEqualTo("浙江省浙江省杭州市西湖区");
        assertThat(standardize("上海市市辖区徐汇区漕溪北路88号").full()).isEqualTo("上海市徐汇区漕溪北路88号");
    }

    @Test
    void contactsMoveToTheirOwnField() {
        StandardizedAddress a = standardize("收件人张三 13800138000 浙江省杭州市余杭区五常街道文一西路969号");
        assertThat(a.full()).isEqualTo("浙江省杭州市余杭区五常街道文一西路969号");
        assertThat(a.contacts())
                .extracting(Contact::kind, Contact::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ContactKind.RECIPIENT, "张三"),
                        org.assertj.core.groups.Tuple.tuple(ContactKind.PHONE, "13800138000"));
        StandardizedAddress after = standardize("杭州市西湖区文三路478号 李四 电话：0571-88886666");
        assertThat(after.full()).isEqualTo("浙江省杭州市西湖区文三路478号");
        assertThat(after.contacts())
                .extracting(Contact::value)
                .containsExactly("李四", "0571-88886666");
        // The commas that only set the contacts off go with them.
        StandardizedAddress punctuated = standardize("收货人：李四，电话：0571-88886666，浙江杭州拱墅区莫干山路100号");
        assertThat(punctuated.full()).isEqualTo("浙江省杭州市拱墅区莫干山路100号");
        assertThat(standardize("杭州市西湖区文三路478号（李四，13800138000）").full())
                .isEqualTo("浙江省杭州市西湖区文三路478号");
        // Mobile numbers grouped with dashes or spaces, a landline's extension, 收 after a name,
        // and form words beside a phone number that are not names.
        StandardizedAddress grouped = standardize("王小明 186-1234-5678 北京市海淀区中关村大街1号");
        assertThat(grouped.full()).isEqualTo("北京市海淀区中关村大街1号");
        assertThat(grouped.contacts())
                .extracting(Contact::value)
                .containsExactly("王小明", "186-1234-5678");
        assertThat(standardize("北京市海淀区中关村大街1号 王小明 +86 186 1234 5678").full())
                .isEqualTo("北京市海淀区中关村大街1号");
        assertThat(standardize("浙江省杭州市西湖区文三路90号 电话:0571-88888888 转 123").contacts())
                .extracting(Contact::value)
                .containsExactly("0571-88888888转123");
        assertThat(standardize("浙江省杭州市余杭区文一西路969号 张三收 13800000000").contacts())
                .extracting(Contact::value)
                .containsExactly("张三", "13800000000");
        StandardizedAddress formWords = standardize("联系人:李女士 电话:13912345678 地址:江苏省苏州市姑苏区人民路100号");
        assertThat(formWords.contacts())
                .extracting(Contact::value)
                .containsExactly("李女士", "13912345678");
        assertThat(formWords.full()).isEqualTo("江苏省苏州市姑苏区人民路100号");
        // The address field's own label is a form's, not the address's.
        StandardizedAddress labelled = standardize("收货地址：浙江省杭州市西湖区文三路90号");
        assertThat(labelled.full()).isEqualTo("浙江省杭州市西湖区文三路90号");
        assertThat(labelled.flags())
                .anyMatch(f -> f.kind() == FlagKind.PLACEHOLDER && "收货地址：".equals(f.written()));
        assertThat(standardize("收件人：李四，地址：杭州市西湖区文三路90号").full()).isEqualTo("浙江省杭州市西湖区文三路90号");
        // A shop's delivery form: every field's label goes, wherever it stands.
        StandardizedAddress form =
                standardize("收货人：张伟\n手机号码：13812345678\n所在地区：浙江省杭州市西湖区\n详细地址：文三路90号1号楼");
        assertThat(form.contacts()).extracting(Contact::value).containsExactly("张伟", "13812345678");
        assertThat(form.full()).isEqualTo("浙江省杭州市西湖区文三路90号1号楼");
        assertThat(form.flags())
                .filteredOn(f -> f.kind() == FlagKind.PLACEHOLDER)
                .extracting(StandardizedAddress.Flag::written)
                .containsExactly("所在地区：", "详细地址：");
        assertThat(standardize("收件地址：浙江省杭州市西湖区文三路90号").contacts()).isEmpty();
        // In traditional characters: the same contacts, kept as written.
        StandardizedAddress traditional =
                standardize("收貨人：陳建強 電話：0571-88888888 地址：浙江省杭州市西湖區文三路90號");
        assertThat(traditional.contacts())
                .extracting(Contact::value)
                .containsExactly("陳建強", "0571-88888888");
        assertThat(traditional.full()).isEqualTo("浙江省杭州市西湖区文三路90号");
        // Not a word inside the address.
        assertThat(standardize("杭州市西湖区地址大厦3楼").full()).isEqualTo("浙江省杭州市西湖区地址大厦3楼");
        StandardizedAddress titled = standardize("江苏省南京市鼓楼区中山路100号 王先生");
        assertThat(titled.contacts()).extracting(Contact::value).containsExactly("王先生");
    }

    @Test
    void roadsAndPlacesNamedLikeUnitsStayText() {
        // 西湖 is a district's short name, 中山 a city's: next to a phone number they are still not
        // recipients.
        StandardizedAddress a = standardize("杭州市西湖区文三路478号 中山 13800138000");
        assertThat(a.contacts()).extracting(Contact::kind).containsExactly(ContactKind.PHONE);
        assertThat(a.full()).isEqualTo("浙江省杭州市西湖区文三路478号中山");
    }

    @Test
    void aTownWrittenAfterTheRoadStaysWhereItWasWritten() {
        StandardizedAddress a =
                STANDARDIZER.standardize(
                        "杭州市余杭区文一西路969号五常街道",
                        List.of(
                                new AddressElement("city", "杭州市", 0, 3, 1f),
                                new AddressElement("district", "余杭区", 3, 6, 1f),
                                new AddressElement("road", "文一西路", 6, 10, 1f),
                                new AddressElement("roadno", "969号", 10, 14, 1f),
                                new AddressElement("town", "五常街道", 14, 18, 1f)),
                        false);
        assertFaithful("杭州市余杭区文一西路969号五常街道", a);
        assertThat(a.town().name()).isEqualTo("五常街道");
        assertThat(a.full()).isEqualTo("浙江省杭州市余杭区文一西路969号五常街道");
    }

    @Test
    void everyRealDevAddressKeepsItsText() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(DEV), "the real corpus is not at " + DEV.toAbsolutePath());
        List<ConllCorpus.Address> dev = ConllCorpus.read(DEV);
        assertThat(dev).hasSize(2985);
        int rewritten = 0;
        for (ConllCorpus.Address address : dev) {
            List<AddressElement> gold = new ArrayList<>();
            for (ConllCorpus.Entity e : address.entities()) {
                gold.add(
                        new AddressElement(
                                e.type(),
                                address.text().substring(e.start(), e.end()),
                                e.start(),
                                e.end(),
                                1f));
            }
            StandardizedAddress tagged = STANDARDIZER.standardize(address.text(), gold, false);
            assertFaithful(address.text(), tagged);
            assertFaithful(address.text(), STANDARDIZER.standardize(address.text(), null, false));
            rewritten += tagged.adminText() == null ? 0 : 1;
        }
        assertThat(rewritten).as("addresses whose admin prefix was rewritten").isGreaterThan(2300);
    }

    @Test
    void everyRealDevAddressKeepsItsTextWithTheShippedModel() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(DEV), "the real corpus is not at " + DEV.toAbsolutePath());
        List<String> texts =
                ConllCorpus.read(DEV).stream().map(ConllCorpus.Address::text).limit(1000).toList();
        try (DjlAddressTagger tagger =
                DjlAddressTagger.builder()
                        .setModelDirectory(ModelDirectory.open(Path.of("model/default")))
                        .build()) {
            for (int i = 0; i < texts.size(); i += 64) {
                List<String> batch = texts.subList(i, Math.min(texts.size(), i + 64));
                List<TaggingOutcome> outcomes = tagger.tag(batch);
                for (int j = 0; j < batch.size(); j++) {
                    assertFaithful(
                            batch.get(j),
                            STANDARDIZER.standardize(
                                    batch.get(j),
                                    outcomes.get(j).result().elements(),
                                    outcomes.get(j).result().truncated()));
                }
            }
        }
    }
}
