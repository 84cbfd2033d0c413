package io.github.addrstd.standardize;

import java.util.List;

/**
 * The distinct first characters of a list of words: a one-character test that rules out most
 * positions before the words themselves are compared there.
 */
final class FirstCharacters {

    private FirstCharacters() {}

    static String of(List<String> words) {
        StringBuilder first = new StringBuilder();
        for (String word : words) {
            if (first.indexOf(word.substring(0, 1)) < 0) {
                first.append(word.charAt(0));
            }
        }
        return first.toString();
    }
}
