package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.addrstd.event.AddressElement;
import io.github.addrstd.event.TaggedElements;
import io.github.addrstd.text.PlaceNames;

import org.junit.jupiter.api.Test;

import java.util.List;

class ModelInputTest {

    @Test
    void anAddressAloneIsTheModelsTextAndItsElementsComeBackAsTheyAre() {
        ModelInput input = ModelInput.of("杭州市文三路90号", PlaceNames.UNKNOWN);
        TaggedElements tagged =
                new TaggedElements(List.of(new AddressElement("city", "杭州市", 0, 3, 0.9f)), false);
        assertThat(input.text()).isEqualTo("杭州市文三路90号");
        assertThat(input.restore(tagged)).isSameAs(tagged);
    }

    @Test
    void theModelReadsBlanksWhereThePhoneNumberWasAtTheSameOffsets() {
        String address = "杭州市 13800000000 文三路90号";
        ModelInput input = ModelInput.of(address, PlaceNames.UNKNOWN);
        assertThat(input.text()).hasSameSizeAs(address).isEqualTo("杭州市             文三路90号");
    }

    @Test
    void anElementDrawnAcrossAHiddenSpanIsCutIntoThePartsBesideIt() {
        String address = "杭州市 13800000000 文三路90号";
        ModelInput input = ModelInput.of(address, PlaceNames.UNKNOWN);
        TaggedElements tagged =
                new TaggedElements(
                        List.of(
                                new AddressElement("road", "杭州市             文三路", 0, 19, 0.4f),
                                new AddressElement("roadno", "90号", 19, 22, 0.9f)),
                        true);
        TaggedElements restored = input.restore(tagged);
        assertThat(restored.elements())
                .containsExactly(
                        new AddressElement("road", "杭州市", 0, 3, 0.4f),
                        new AddressElement("road", "文三路", 16, 19, 0.4f),
                        new AddressElement("roadno", "90号", 19, 22, 0.9f));
        assertThat(restored.truncated()).isTrue();
        restored.elements()
                .forEach(
                        e -> assertThat(e.text()).isEqualTo(address.substring(e.start(), e.end())));
    }

    @Test
    void traditionalAndFullWidthCharactersReachTheModelFoldedAndComeBackAsWritten() {
        String address = "杭州市西湖區文三路９０號";
        ModelInput input = ModelInput.of(address, PlaceNames.UNKNOWN);
        assertThat(input.text()).isEqualTo("杭州市西湖区文三路90号");
        TaggedElements restored =
                input.restore(
                        new TaggedElements(
                                List.of(
                                        new AddressElement("district", "西湖区", 3, 6, 0.9f),
                                        new AddressElement("roadno", "90号", 9, 12, 0.9f)),
                                false));
        assertThat(restored.elements())
                .extracting(AddressElement::text)
                .containsExactly("西湖區", "９０號");
    }

    @Test
    void separatorsAndHalfBracketsAtAnElementsEdgesStayOutsideIt() {
        String address = "【浙江省】/文三路(东门进)";
        ModelInput input = ModelInput.of(address, PlaceNames.UNKNOWN);
        TaggedElements restored =
                input.restore(
                        new TaggedElements(
                                List.of(
                                        new AddressElement("prov", "【浙江省", 0, 4, 0.9f),
                                        new AddressElement("road", "】/文三路", 4, 9, 0.9f),
                                        new AddressElement("assist", "(东门进)", 9, 14, 0.9f)),
                                false));
        assertThat(restored.elements())
                .extracting(AddressElement::text)
                .containsExactly("浙江省", "文三路", "(东门进)");
        restored.elements()
                .forEach(
                        e -> assertThat(e.text()).isEqualTo(address.substring(e.start(), e.end())));
    }
}
