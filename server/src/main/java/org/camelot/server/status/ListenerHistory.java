package org.camelot.server.status;

/**
 * The last {@code capacity} per-second samples of one listener's totals, in a fixed ring: memory stays the same
 * however long the daemon runs. Used by the recorder's thread only.
 */
final class ListenerHistory {

    private final long[] times;
    private final ListenerTotals[] totals;
    private int next;
    private int size;

    ListenerHistory(int capacity) {
        times = new long[capacity];
        totals = new ListenerTotals[capacity];
    }

    void add(long timeMillis, ListenerTotals t) {
        times[next] = timeMillis;
        totals[next] = t;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    int size() {
        return size;
    }

    /** The i-th sample kept, oldest first. */
    ListenerTotals totals(int i) {
        return totals[index(i)];
    }

    long time(int i) {
        return times[index(i)];
    }

    ListenerTotals latest() {
        return size == 0 ? null : totals(size - 1);
    }

    private int index(int i) {
        return (next - size + i + times.length) % times.length;
    }
}
