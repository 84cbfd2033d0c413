package io.github.addrstd.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The demo loop's fresh ids and the live view's arithmetic. */
class LiveDemoTest {

    private static String value(DemoProducer.Keyed k) {
        return new String(k.value(), StandardCharsets.UTF_8);
    }

    @Test
    void laterRoundsGetFreshIdsAndKeys() {
        String line = "{\"id\":\"hw-001\",\"address\":\"浙江省杭州市\",\"x\":{\"id\":\"inner\"}}";
        assertThat(value(DemoProducer.withRound(line, 1))).isEqualTo(line);
        DemoProducer.Keyed second = DemoProducer.withRound(line, 2);
        assertThat(value(second))
                .isEqualTo("{\"id\":\"hw-001~2\",\"address\":\"浙江省杭州市\",\"x\":{\"id\":\"inner\"}}");
        assertThat(new String(second.key(), StandardCharsets.UTF_8)).isEqualTo("hw-001~2");
        assertThat(value(DemoProducer.withRound("{\"id\": 42, \"address\": \"北京\"}", 3)))
                .isEqualTo("{\"id\":\"42~3\", \"address\": \"北京\"}");
    }

    @Test
    void brokenSamplesStayExactlyAsBroken() {
        for (String broken :
                List.of(
                        "{\"id\":\"a\",\"id\":\"b\",\"address\":\"x\"}",
                        "[1,2]",
                        "{\"address\":\"北京\"}",
                        "{\"id\":")) {
            DemoProducer.Keyed k = DemoProducer.withRound(broken, 5);
            String expectedTail =
                    broken.contains("\"id\":\"a\"")
                            ? broken.substring("{\"id\":\"a\"".length())
                            : broken;
            assertThat(value(k)).endsWith(expectedTail);
        }
        assertThat(DemoProducer.withRound("[1,2]", 2).key()).isNull();
    }

    @Test
    void percentilesAndTruncation() {
        List<Long> values = List.of(5L, 1L, 4L, 2L, 3L, 10L, 9L, 8L, 7L, 6L);
        assertThat(LiveView.percentile(values, 0.5)).isEqualTo(5);
        assertThat(LiveView.percentile(values, 0.99)).isEqualTo(10);
        assertThat(LiveView.percentile(List.of(), 0.99)).isEqualTo(-1);
        assertThat(LiveView.truncate("短")).isEqualTo("短");
        assertThat(LiveView.truncate("路".repeat(300)))
                .startsWith("路".repeat(120) + "…")
                .endsWith("(300 chars)");
    }
}
