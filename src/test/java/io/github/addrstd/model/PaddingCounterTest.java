package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaddingCounterTest {

    @Test
    void ratioIsRealOverPaddedTokensSinceTheLastReset() {
        PaddingCounter counter = new PaddingCounter();
        assertThat(counter.ratio()).isZero();
        counter.onForwardPass(4, 32, 64);
        counter.onForwardPass(2, 16, 32);
        assertThat(counter.ratio()).isEqualTo(96.0 / 160);
        counter.reset();
        counter.onForwardPass(3, 10, 30);
        assertThat(counter.ratio()).isEqualTo(1.0);
    }
}
