package io.github.addrstd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.addrstd.event.AddressElement;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The official pipeline's chunking rules, quirks included (see shared notes on MGeo, section 5).
 */
class BiesDecoderTest {

    private static final List<String> LABELS =
            List.of(
                    "O",
                    "B-poi",
                    "I-poi",
                    "E-poi",
                    "S-poi",
                    "B-city",
                    "E-city",
                    "I-district",
                    "E-district",
                    "S-assist");
    private final LabelSet labels = new LabelSet(LABELS);
    private final BiesDecoder decoder = new BiesDecoder(labels);

    private List<AddressElement> decode(String text, String... wordLabels) {
        int n = wordLabels.length;
        int[] ids = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = LABELS.indexOf(wordLabels[i]);
            starts[i] = i;
            ends[i] = i + 1;
            scores[i] = 0.5f + i / 100f;
        }
        return decoder.decode(text, ids, starts, ends, scores, BiesDecoder.ScoreMode.FIRST_WORD);
    }

    @Test
    void outsideNeitherClosesNorExtends() {
        // Q1: B O I E is one chunk spanning the O; B O O at the end emits the chunk ending at B.
        assertThat(decode("abcd", "B-poi", "O", "I-poi", "E-poi"))
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("poi", "abcd"));
        assertThat(decode("abc", "B-poi", "O", "O"))
                .extracting(AddressElement::text)
                .containsExactly("a");
    }

    @Test
    void continuationIgnoresType() {
        // Q2: B-city I-district E-district is one city chunk.
        assertThat(decode("abc", "B-city", "I-district", "E-district"))
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("city", "abc"));
    }

    @Test
    void continuationWithoutOpenChunkStartsOne() {
        // Q3: I-x or E-x with no open chunk starts one; E closes it at once.
        assertThat(decode("abc", "E-city", "I-poi", "E-poi"))
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("city", "a"), tuple("poi", "bc"));
    }

    @Test
    void singleClosesOpenChunk() {
        // Q4: S closes any open chunk first.
        assertThat(decode("abc", "B-poi", "I-poi", "S-assist"))
                .extracting(AddressElement::type, AddressElement::text)
                .containsExactly(tuple("poi", "ab"), tuple("assist", "c"));
    }

    @Test
    void firstWordScoreLikeThePipeline() {
        assertThat(decode("ab", "B-poi", "E-poi").get(0).score()).isEqualTo(0.5f);
    }

    @Test
    void mapsCodePointOffsetsToJavaIndices() {
        String text = "𠀀大厦"; // the first character is two UTF-16 units
        List<AddressElement> out =
                decoder.decode(
                        text,
                        new int[] {
                            LABELS.indexOf("B-poi"),
                            LABELS.indexOf("I-poi"),
                            LABELS.indexOf("E-poi")
                        },
                        new int[] {0, 1, 2},
                        new int[] {1, 2, 3},
                        new float[3],
                        BiesDecoder.ScoreMode.MEAN);
        assertThat(out)
                .extracting(AddressElement::text, AddressElement::start, AddressElement::end)
                .containsExactly(tuple("𠀀大厦", 0, 4));
    }
}
