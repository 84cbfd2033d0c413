package io.github.addrstd.local;

import java.util.Arrays;

/** Reads single samples out of a Prometheus text exposition, as scraped from the job's reporter. */
final class PrometheusText {

    private PrometheusText() {}

    /**
     * The value of the first sample whose metric name ends in {@code suffix} and whose label text
     * contains every one of {@code labels}; NaN when there is none.
     */
    static double firstSample(String exposition, String suffix, String... labels) {
        for (String line : exposition.split("\n")) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || brace < 0 || space < brace) {
                continue;
            }
            String labelText = line.substring(brace, space);
            if (line.substring(0, brace).endsWith(suffix)
                    && Arrays.stream(labels).allMatch(labelText::contains)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return Double.NaN;
    }

    /** {@code value} rounded, or "-" when it is NaN (absent). */
    static String rounded(double value) {
        return Double.isNaN(value) ? "-" : String.valueOf(Math.round(value));
    }
}
