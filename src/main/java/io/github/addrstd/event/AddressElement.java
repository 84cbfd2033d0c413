package io.github.addrstd.event;

/**
 * One element the tagger found in an address, e.g. {@code (district, "余杭区", 6, 9)}.
 *
 * @param type the MGeo element type ({@code prov, city, district, town, road, roadno, poi, ...})
 * @param text the element's text, {@code address.substring(start, end)}
 * @param start start index in the Java string (UTF-16 units, not code points)
 * @param end end index (exclusive) in the Java string
 * @param score the model's confidence for the chunk, in [0, 1]
 */
public record AddressElement(String type, String text, int start, int end, float score) {}
