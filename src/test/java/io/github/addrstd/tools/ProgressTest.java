package io.github.addrstd.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Progress lines: one per tenth, an estimate from the rate so far, silent when off. */
class ProgressTest {

    @Test
    void oneLinePerTenthWithAnEstimate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p =
                new Progress(
                        "tagging",
                        1000,
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        true);
        for (int done = 0; done <= 1000; done += 50) {
            p.update(done);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[9]).startsWith("tagging: 100 % (1,000 of 1,000)").doesNotContain("left");
        assertThat(p.line(250, TimeUnit.SECONDS.toNanos(10)))
                .isEqualTo("tagging:  25 % (250 of 1,000), 10 s elapsed, about 30 s left");
    }

    @Test
    void silentWhenOff() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p =
                new Progress(
                        "tagging", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        p.update(10);
        assertThat(bytes.size()).isZero();
    }
}
