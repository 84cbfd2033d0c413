package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Chain scoring on the real gazetteer, one decision at a time. */
class ChainResolverTest {

    private static final Gazetteer GAZETTEER = Gazetteer.getDefault();

    private static Mention written(String name, AdminLevel taggedLevel) {
        return new Mention(0, name.length(), name, taggedLevel, GAZETTEER.lookup(name));
    }

    @Test
    void theChainThatExplainsMostMentionsWins() {
        ChainResolver.Resolution r =
                ChainResolver.resolve(
                        List.of(
                                written("杭州市", AdminLevel.CITY),
                                written("西湖区", AdminLevel.DISTRICT)));
        assertThat(r.ambiguous()).isFalse();
        assertThat(r.unit().code()).isEqualTo("330106");
    }

    @Test
    void equallyGoodChainsKeepOnlyTheirCommonPartAndSayAmbiguous() {
        // 鼓楼区: Nanjing, Xuzhou (both Jiangsu), Fuzhou, Kaifeng: no common unit at all.
        ChainResolver.Resolution alone =
                ChainResolver.resolve(List.of(written("鼓楼区", AdminLevel.DISTRICT)));
        assertThat(alone.ambiguous()).isTrue();
        assertThat(alone.unit()).isNull();
        assertThat(alone.tied()).hasSizeGreaterThan(2);

        // With the province written, the two Jiangsu ones still tie: their common part is Jiangsu.
        ChainResolver.Resolution inJiangsu =
                ChainResolver.resolve(
                        List.of(
                                written("江苏省", AdminLevel.PROVINCE),
                                written("鼓楼区", AdminLevel.DISTRICT)));
        assertThat(inJiangsu.ambiguous()).isTrue();
        assertThat(inJiangsu.unit().code()).isEqualTo("32");
    }

    @Test
    void aShortTownNameAloneIsNoEvidence() {
        ChainResolver.Resolution r = ChainResolver.resolve(List.of(written("城关", null)));
        assertThat(r.unit()).isNull();
        assertThat(r.ambiguous()).isFalse();
    }
}
