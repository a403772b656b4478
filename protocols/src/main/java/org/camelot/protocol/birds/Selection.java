package org.camelot.protocol.birds;

/**
 * The rows an answer carries, in file order: entries {@code from} (inclusive) to {@code to} (exclusive) of
 * {@code rows}, or, when {@code rows} is {@code null}, the rows numbered {@code from} to {@code to} themselves. An
 * index list is used as it is, never copied, so a query costs no allocation unless a filter has to be applied row
 * by row.
 */
record Selection(int[] rows, int from, int to) {

    static final Selection NONE = new Selection(null, 0, 0);

    /** Every row of a table of {@code size} rows. */
    static Selection all(int size) {
        return new Selection(null, 0, size);
    }

    int count() {
        return to - from;
    }

    /** The row number of the {@code k}-th entry, {@code from <= k < to}. */
    int row(int k) {
        return rows == null ? k : rows[k];
    }

    /** Whether the rows are consecutive in the file, which makes them one slice of any encoding. */
    boolean contiguous() {
        return rows == null || count() == 0 || rows[to - 1] - rows[from] == count() - 1;
    }

    /** Skips {@code offset} entries and keeps at most {@code limit} of the rest. */
    Selection page(long offset, long limit) {
        int start = from + (int) Math.min(offset, count());
        int end = start + (int) Math.min(limit, to - start);
        return new Selection(rows, start, end);
    }
}
