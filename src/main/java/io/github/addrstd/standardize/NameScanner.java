package io.github.addrstd.standardize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the gazetteer's names in a text: every occurrence, then the longest ones that do not
 * overlap (longest first, leftmost first among equals), in text order.
 *
 * <p>It replaces an Aho-Corasick library whose boxed-character maps and interval tree took about a
 * sixth of the job's per-record CPU in a profile (README, "Benchmarks"). Names are short (at most a
 * few dozen characters) and an address is short, so walking a frozen trie from every position costs
 * less than the automaton's bookkeeping: the root's children are a direct table over all UTF-16
 * units, deeper nodes keep their few children in sorted arrays.
 */
final class NameScanner {

    /** A name found at {@code [start, end)} of the scanned text. */
    record Hit(int start, int end, String name) {
        int length() {
            return end - start;
        }
    }

    private final int[] rootChildren = new int[Character.MAX_VALUE + 1];
    private final int[] firstChild;
    private final int[] childCount;
    private final char[] childKeys;
    private final int[] childNodes;
    private final String[] names;
    private final int longestName;

    NameScanner(Collection<String> keywords) {
        // Build with maps, then freeze into arrays (node 0 is the root).
        List<Map<Character, Integer>> edges = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        edges.add(new HashMap<>());
        ends.add(null);
        for (String keyword : keywords) {
            if (keyword.isEmpty()) {
                continue;
            }
            int node = 0;
            for (int i = 0; i < keyword.length(); i++) {
                Integer next = edges.get(node).get(keyword.charAt(i));
                if (next == null) {
                    next = edges.size();
                    edges.get(node).put(keyword.charAt(i), next);
                    edges.add(new HashMap<>());
                    ends.add(null);
                }
                node = next;
            }
            ends.set(node, keyword);
        }
        longestName = keywords.stream().mapToInt(String::length).max().orElse(0);
        int nodes = edges.size();
        firstChild = new int[nodes];
        childCount = new int[nodes];
        int total = edges.stream().mapToInt(Map::size).sum();
        childKeys = new char[total];
        childNodes = new int[total];
        names = ends.toArray(String[]::new);
        int cursor = 0;
        for (int node = 0; node < nodes; node++) {
            char[] keys = new char[edges.get(node).size()];
            int k = 0;
            for (char c : edges.get(node).keySet()) {
                keys[k++] = c;
            }
            Arrays.sort(keys);
            firstChild[node] = cursor;
            childCount[node] = keys.length;
            for (char c : keys) {
                childKeys[cursor] = c;
                childNodes[cursor] = edges.get(node).get(c);
                cursor++;
            }
        }
        Arrays.fill(rootChildren, -1);
        for (int i = 0; i < childCount[0]; i++) {
            rootChildren[childKeys[firstChild[0] + i]] = childNodes[firstChild[0] + i];
        }
    }

    /** The longest non-overlapping names of {@code text}, in text order. */
    List<Hit> scan(String text) {
        List<Hit> all = new ArrayList<>();
        for (int start = 0; start < text.length(); start++) {
            int node = rootChildren[text.charAt(start)];
            for (int end = start + 1; node >= 0; end++) {
                if (names[node] != null) {
                    all.add(new Hit(start, end, names[node]));
                }
                node = end < text.length() ? child(node, text.charAt(end)) : -1;
            }
        }
        if (all.size() < 2) {
            return all;
        }
        // Longest first, leftmost among equals, skipping what overlaps a kept name; kept names
        // mark the characters they cover, so each check costs the name's length.
        boolean[] covered = new boolean[text.length()];
        Hit[] keptAt = new Hit[text.length()];
        for (int index : selectionOrder(all)) {
            Hit hit = all.get(index);
            if (isFree(covered, hit)) {
                Arrays.fill(covered, hit.start, hit.end, true);
                keptAt[hit.start] = hit;
            }
        }
        List<Hit> kept = new ArrayList<>();
        for (Hit hit : keptAt) {
            if (hit != null) {
                kept.add(hit); // in text order
            }
        }
        return kept;
    }

    /**
     * The indexes of {@code all} longest hit first, leftmost among equals (two hits of one length
     * and start are one name, so the order is total). The scan lists hits by start, so a stable
     * counting sort by length gives that order in linear time; a comparator sort over the hit
     * records took a tenth of the job's CPU in a profile.
     */
    private int[] selectionOrder(List<Hit> all) {
        int[] slot = new int[longestName + 2];
        for (Hit hit : all) {
            slot[longestName - hit.length() + 1]++; // longest first
        }
        for (int i = 1; i < slot.length; i++) {
            slot[i] += slot[i - 1];
        }
        int[] order = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            order[slot[longestName - all.get(i).length()]++] = i;
        }
        return order;
    }

    private static boolean isFree(boolean[] covered, Hit hit) {
        for (int i = hit.start; i < hit.end; i++) {
            if (covered[i]) {
                return false;
            }
        }
        return true;
    }

    private int child(int node, char c) {
        int low = firstChild[node];
        int high = low + childCount[node] - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            char key = childKeys[mid];
            if (key < c) {
                low = mid + 1;
            } else if (key > c) {
                high = mid - 1;
            } else {
                return childNodes[mid];
            }
        }
        return -1;
    }
}
