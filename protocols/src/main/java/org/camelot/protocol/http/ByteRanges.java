package org.camelot.protocol.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@code Range: bytes=...} header (RFC 9110 14.1.2) resolved against a body length.
 *
 * @param ranges the satisfiable ranges, in request order, each {@code [first, last]} inclusive; empty when
 *               {@link #unsatisfiable}
 * @param unsatisfiable whether no range can be served (answer 416)
 */
record ByteRanges(List<long[]> ranges, boolean unsatisfiable) {

    private static final ByteRanges UNSATISFIABLE = new ByteRanges(List.of(), true);

    /**
     * The ranges to serve, or {@code null} when the whole body should be sent instead: the header is malformed
     * (which a server may ignore), asks for more than {@code maxRanges} ranges, or for ranges that overlap.
     */
    static ByteRanges parse(String header, long length, int maxRanges) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes", 0, 5)) {
            return null;
        }
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(5, eq).isBlank()) {
            return null;
        }
        List<long[]> ranges = new ArrayList<>();
        int specs = 0;
        for (String raw : h.substring(eq + 1).split(",", -1)) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            if (++specs > maxRanges) {
                return null;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            long first = number(spec, 0, dash);
            long last = number(spec, dash + 1, spec.length());
            if (dash == 0) {
                if (last < 0) {
                    return null;
                }
                if (last > 0 && length > 0) {
                    ranges.add(new long[] {Math.max(0, length - last), length - 1});
                }
            } else {
                if (first < 0 || dash + 1 < spec.length() && last < 0 || last >= 0 && last < first) {
                    return null;
                }
                if (first < length) {
                    ranges.add(new long[] {first, last < 0 ? length - 1 : Math.min(last, length - 1)});
                }
            }
        }
        if (specs == 0) {
            return null;
        }
        if (ranges.isEmpty()) {
            return UNSATISFIABLE;
        }
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i)[0] <= sorted.get(i - 1)[1]) {
                return null;
            }
        }
        return new ByteRanges(List.copyOf(ranges), false);
    }

    /** The decimal number in {@code s[from, to)}, or -1 when it is empty, not all digits or too long. */
    private static long number(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
