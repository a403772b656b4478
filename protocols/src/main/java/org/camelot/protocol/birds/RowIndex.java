package org.camelot.protocol.birds;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntToLongFunction;

/** Row numbers grouped by a key computed from each row, every group in file order. Built once, read-only after. */
final class RowIndex {

    private static final int[] EMPTY = new int[0];

    private final Map<Long, int[]> groups;
    /** Where each group starts in {@link #order()}. */
    private final Map<Long, Integer> offsets;
    private final int[] order;
    /** Where each group starts in {@link #order()}, ascending. */
    private final int[] starts;

    private RowIndex(Map<Long, int[]> groups, int size) {
        this.groups = groups;
        this.order = new int[size];
        Map<Long, Integer> offsets = new HashMap<>(groups.size() * 2);
        int at = 0;
        for (Map.Entry<Long, int[]> g : groups.entrySet()) {
            offsets.put(g.getKey(), at);
            System.arraycopy(g.getValue(), 0, order, at, g.getValue().length);
            at += g.getValue().length;
        }
        this.offsets = Map.copyOf(offsets);
        this.starts = offsets.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Groups rows {@code 0..size-1} by {@code key}. */
    static RowIndex build(int size, IntToLongFunction key) {
        Map<Long, int[]> counts = new HashMap<>();
        for (int row = 0; row < size; row++) {
            counts.computeIfAbsent(key.applyAsLong(row), k -> new int[1])[0]++;
        }
        Map<Long, int[]> groups = new HashMap<>(counts.size() * 2);
        counts.forEach((k, n) -> groups.put(k, new int[n[0]]));
        Map<Long, int[]> filled = new HashMap<>(counts.size() * 2);
        for (int row = 0; row < size; row++) {
            long k = key.applyAsLong(row);
            int[] group = groups.get(k);
            int[] next = filled.computeIfAbsent(k, x -> new int[1]);
            group[next[0]++] = row;
        }
        return new RowIndex(Map.copyOf(groups), size);
    }

    /** The rows whose key is {@code key}, in file order; empty when none. The caller must not modify it. */
    int[] rows(long key) {
        return groups.getOrDefault(key, EMPTY);
    }

    int keys() {
        return groups.size();
    }

    /** Every row number, group after group, each group in file order: the order of a clustered copy. */
    int[] order() {
        return order;
    }

    /** Where each group starts in {@link #order()}, ascending. The caller must not modify it. */
    int[] starts() {
        return starts;
    }

    /** Where the group of {@code key} starts in {@link #order()}, or -1 when no row has that key. */
    int offset(long key) {
        return offsets.getOrDefault(key, -1);
    }
}
