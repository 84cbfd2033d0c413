package io.github.addrstd.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads annotated addresses in the CoNLL style of the NAACL 2019 Chinese address corpus: one {@code
 * TOKEN TAG} a line ({@code B-type} / {@code I-type}), a blank line between addresses, a token
 * being one character or a run of ASCII letters and digits. The corpus's types are mapped onto the
 * output's element types with {@code corpus/naacl2019-type-map.csv}, the file the trainer uses too;
 * text of an unmapped type (redundant, otherinfo, country) is part of the address but of no
 * element.
 */
public final class ConllCorpus {

    /** A gold element: its output type and its span in Java string (UTF-16) indices. */
    public record Entity(String type, int start, int end) {}

    /** One annotated address. */
    public record Address(String text, List<Entity> entities) {}

    private static final String TYPE_MAP = "/corpus/naacl2019-type-map.csv";

    /** The real corpus's dev split where the project's shared data lies beside the repository. */
    public static final Path NAACL_DEV_SPLIT =
            Path.of("../shared/data/naacl2019-chinese-address/dev.txt");

    private ConllCorpus() {}

    public static List<Address> read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), typeMap());
    }

    /**
     * Addresses {@code from} (inclusive) to {@code to} (exclusive, at most the corpus's size), as
     * the evaluation commands' {@code --from} / {@code --to} take them: the dev split's held-out
     * last 985 are {@code slice(dev, 2000, Integer.MAX_VALUE)}.
     */
    public static List<Address> slice(List<Address> corpus, int from, int to) {
        return corpus.subList(from, Math.min(corpus.size(), to));
    }

    static List<Address> parse(List<String> lines, Map<String, Optional<String>> typeMap) {
        List<Address> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Entity> entities = new ArrayList<>();
        String openRawType = null;
        int openStart = 0;
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                closeOpen(entities, openRawType, openStart, text.length(), typeMap);
                if (!text.isEmpty()) {
                    out.add(new Address(text.toString(), List.copyOf(entities)));
                }
                text.setLength(0);
                entities.clear();
                openRawType = null;
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0 || line.length() < space + 3 || line.charAt(space + 2) != '-') {
                throw new IllegalArgumentException(
                        "line "
                                + lineNo
                                + ": expected 'TOKEN B-type' or 'TOKEN I-type', got '"
                                + line
                                + "'");
            }
            String token = line.substring(0, space);
            char prefix = line.charAt(space + 1);
            String rawType = line.substring(space + 3).toLowerCase(java.util.Locale.ROOT);
            if (!typeMap.containsKey(rawType)) {
                throw new IllegalArgumentException(
                        "line "
                                + lineNo
                                + ": unknown corpus type '"
                                + rawType
                                + "'; known: "
                                + typeMap.keySet());
            }
            if (prefix == 'B' || !rawType.equals(openRawType)) {
                closeOpen(entities, openRawType, openStart, text.length(), typeMap);
                openRawType = rawType;
                openStart = text.length();
            }
            text.append(token);
        }
        closeOpen(entities, openRawType, openStart, text.length(), typeMap);
        if (!text.isEmpty()) {
            out.add(new Address(text.toString(), List.copyOf(entities)));
        }
        return out;
    }

    private static void closeOpen(
            List<Entity> entities,
            String rawType,
            int start,
            int end,
            Map<String, Optional<String>> typeMap) {
        if (rawType != null && end > start) {
            typeMap.get(rawType).ifPresent(type -> entities.add(new Entity(type, start, end)));
        }
    }

    /** corpus type -> element type (empty: not an element), from the shared mapping file. */
    public static Map<String, Optional<String>> typeMap() {
        Map<String, Optional<String>> map = new LinkedHashMap<>();
        try (InputStream in = ConllCorpus.class.getResourceAsStream(TYPE_MAP)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TYPE_MAP + " is missing");
            }
            boolean header = true;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split(",", 3);
                map.put(
                        cells[0].strip(),
                        cells[1].isBlank() ? Optional.empty() : Optional.of(cells[1].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(map);
    }
}
