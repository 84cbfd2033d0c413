package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.addrstd.event.AddressElement;

import org.junit.jupiter.api.Test;

import java.util.List;

class ElementRuleTest {

    private static AddressElement element(String type, String text, int start, float score) {
        return new AddressElement(type, text, start, start + text.length(), score);
    }

    @Test
    void laterPoisBecomeSubpoisOfTheFirst() {
        List<AddressElement> in =
                List.of(
                        element("subpoi", "东门", 0, 0.4f),
                        element("poi", "联合市场", 2, 0.9f),
                        element("poi", "C区", 6, 0.7f),
                        element("floorno", "2楼", 8, 0.99f),
                        element("poi", "邦达纺织", 10, 0.6f));

        List<AddressElement> out = ElementRule.LATER_POI_IS_SUBPOI.apply(in);

        assertThat(out)
                .extracting(
                        AddressElement::type,
                        AddressElement::text,
                        AddressElement::start,
                        AddressElement::end,
                        AddressElement::score)
                .containsExactly(
                        tuple("subpoi", "东门", 0, 2, 0.4f),
                        tuple("poi", "联合市场", 2, 6, 0.9f),
                        tuple("subpoi", "C区", 6, 8, 0.7f),
                        tuple("floorno", "2楼", 8, 10, 0.99f),
                        tuple("subpoi", "邦达纺织", 10, 14, 0.6f));
        assertThat(in.get(2).type()).as("the input is not modified").isEqualTo("poi");
    }

    @Test
    void anAddressWithOnePoiOrNoneIsLeftAsItIs() {
        List<AddressElement> one =
                List.of(element("road", "文三路", 0, 1f), element("poi", "华星大厦", 3, 1f));
        List<AddressElement> none = List.of(element("road", "文三路", 0, 1f));

        assertThat(ElementRule.LATER_POI_IS_SUBPOI.apply(one)).isSameAs(one);
        assertThat(ElementRule.LATER_POI_IS_SUBPOI.apply(none)).isSameAs(none);
        assertThat(ElementRule.LATER_POI_IS_SUBPOI.apply(List.of())).isEmpty();
    }
}
