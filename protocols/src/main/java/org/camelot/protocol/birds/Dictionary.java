package org.camelot.protocol.birds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The distinct values of a text column, numbered in order of first appearance, so rows store small integers. */
final class Dictionary {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    /** The number of {@code value}, given a new one if it was not seen before. */
    int intern(String value) {
        Integer id = ids.get(value);
        if (id == null) {
            id = values.size();
            ids.put(value, id);
            values.add(value);
        }
        return id;
    }

    /** The number of {@code value}, or -1 when no row has it. */
    int id(String value) {
        Integer id = ids.get(value);
        return id == null ? -1 : id;
    }

    String value(int id) {
        return values.get(id);
    }

    int size() {
        return values.size();
    }

    /** The numbers of all values, ordered by value. */
    int[] sortedIds() {
        Integer[] order = new Integer[values.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(values::get));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
