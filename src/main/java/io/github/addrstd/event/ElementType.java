package io.github.addrstd.event;

import javax.annotation.Nullable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element type an address is tagged into (MGeo's 17, plus the default model's {@code roomno}).
 * The registry is the resource {@code element-types.tsv} beside this class; the model tools and the
 * JSON Schema derive from the same file.
 *
 * @param name the label suffix the model emits ({@code prov}, {@code roadno}, ...)
 * @param inMGeo true for MGeo's own types, false for types only this project's model emits
 * @param hasSingleTag true when the label set has an {@code S-} tag for the type
 * @param adminLevel the administrative level ({@code PROVINCE}, {@code CITY}, {@code DISTRICT},
 *     {@code TOWN}) the gazetteer resolves it to, null for finer types
 * @param detailKey the key under {@code standardized.details}, null for administrative types
 * @param inAdminPrefix true when the type may stand inside the administrative prefix without ending
 *     it (the administrative levels, and development zones written between them)
 */
public record ElementType(
        String name,
        boolean inMGeo,
        boolean hasSingleTag,
        @Nullable String adminLevel,
        @Nullable String detailKey,
        boolean inAdminPrefix) {

    public static final String RESOURCE = "element-types.tsv";

    private static final Map<String, ElementType> BY_NAME = load();

    /** Every type, MGeo's in MGeo's order first. */
    public static List<ElementType> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The type called {@code name}, empty for a name the registry does not know. */
    public static Optional<ElementType> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, ElementType> load() {
        try (InputStream in = ElementType.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + RESOURCE + " missing beside " + ElementType.class.getName());
            }
            return parse(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                            .lines()
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, ElementType> parse(List<String> lines) {
        Map<String, ElementType> types = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line);
            }
        }
        for (String row : rows.subList(1, rows.size())) { // the first row names the columns
            String[] f = row.split("\t", -1);
            if (f.length != 7
                    || !(f[1].equals("mgeo") || f[1].equals("default-model"))
                    || !yesOrNo(f[2])
                    || !yesOrNo(f[5])) {
                throw new IllegalStateException(RESOURCE + ": malformed row '" + row + "'");
            }
            ElementType type =
                    new ElementType(
                            f[0],
                            f[1].equals("mgeo"),
                            f[2].equals("yes"),
                            dash(f[3]),
                            dash(f[4]),
                            f[5].equals("yes"));
            if ((type.adminLevel() == null) == (type.detailKey() == null)
                    || types.put(f[0], type) != null) {
                throw new IllegalStateException(
                        RESOURCE
                                + ": '"
                                + f[0]
                                + "' needs exactly one of admin_level and detail_key, once");
            }
        }
        return types;
    }

    private static boolean yesOrNo(String field) {
        return field.equals("yes") || field.equals("no");
    }

    private static @Nullable String dash(String field) {
        return field.equals("-") ? null : field;
    }
}
