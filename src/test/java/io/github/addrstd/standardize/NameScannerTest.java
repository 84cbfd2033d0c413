package io.github.addrstd.standardize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** The scanner against a direct search with {@link String#indexOf} and the same selection rule. */
class NameScannerTest {

    @Test
    void longestNamesWinThenLeftmost() {
        NameScanner scanner = new NameScanner(List.of("浙江", "浙江省", "江省", "杭州", "杭州市", "州市", "市"));
        assertThat(scanner.scan("浙江省杭州市西湖区"))
                .containsExactly(
                        new NameScanner.Hit(0, 3, "浙江省"), new NameScanner.Hit(3, 6, "杭州市"));
        // Two names of one length overlap: the leftmost stays, the next name after it is found.
        assertThat(new NameScanner(List.of("AB", "BC", "C")).scan("ABC"))
                .containsExactly(new NameScanner.Hit(0, 2, "AB"), new NameScanner.Hit(2, 3, "C"));
    }

    @Test
    void nothingToFind() {
        assertThat(new NameScanner(List.of("北京")).scan("")).isEmpty();
        assertThat(new NameScanner(List.of()).scan("北京")).isEmpty();
        assertThat(new NameScanner(List.of("北京")).scan("南京")).isEmpty();
    }

    @Test
    void agreesWithADirectSearchOnRandomTexts() {
        Random random = new Random(20261127);
        String alphabet = "省市区县镇路江州";
        for (int trial = 0; trial < 500; trial++) {
            List<String> names = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                names.add(randomText(random, alphabet, 1 + random.nextInt(4)));
            }
            // Every fifth text is long, with many hits.
            String text = randomText(random, alphabet, random.nextInt(trial % 5 == 0 ? 200 : 20));
            assertThat(new NameScanner(names).scan(text))
                    .as("%s in %s", names, text)
                    .isEqualTo(direct(names, text));
        }
    }

    private static List<NameScanner.Hit> direct(List<String> names, String text) {
        List<NameScanner.Hit> all = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
                all.add(new NameScanner.Hit(at, at + name.length(), name));
            }
        }
        all.sort(
                Comparator.comparingInt(NameScanner.Hit::length)
                        .reversed()
                        .thenComparingInt(NameScanner.Hit::start));
        List<NameScanner.Hit> kept = new ArrayList<>();
        for (NameScanner.Hit hit : all) {
            if (kept.stream().noneMatch(k -> hit.start() < k.end() && k.start() < hit.end())) {
                kept.add(hit);
            }
        }
        kept.sort(Comparator.comparingInt(NameScanner.Hit::start));
        return kept;
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
