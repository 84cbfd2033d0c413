package io.github.addrstd.tools;

import com.ibm.icu.text.Transliterator;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes annotated addresses in traditional characters, as Hong Kong, Macao and Taiwan, and many
 * writers abroad, do (浙江省杭州市西湖區文三路90號): character by character through ICU's Simplified-Traditional
 * transform, so the gold elements keep their offsets. A character with no single traditional form
 * stays as it is.
 */
final class TraditionalWriting {

    private TraditionalWriting() {}

    static List<ConllCorpus.Address> of(List<ConllCorpus.Address> corpus) {
        Transliterator s2t = Transliterator.getInstance("Simplified-Traditional");
        List<ConllCorpus.Address> out = new ArrayList<>(corpus.size());
        for (ConllCorpus.Address address : corpus) {
            StringBuilder text = new StringBuilder(address.text().length());
            for (int i = 0; i < address.text().length(); i++) {
                String c = String.valueOf(address.text().charAt(i));
                String traditional = s2t.transliterate(c);
                text.append(traditional.length() == 1 ? traditional : c);
            }
            out.add(new ConllCorpus.Address(text.toString(), address.entities()));
        }
        return out;
    }
}
