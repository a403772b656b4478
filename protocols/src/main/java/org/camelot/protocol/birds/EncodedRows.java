package org.camelot.protocol.birds;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Every row of the survey encoded once, at load time, in one format, in one direct buffer laid out as the answer to
 * the query that selects everything: {@code prefix row0 separator row1 ... rowN suffix} ({@code [}, {@code ,},
 * {@code ]} for JSON; the header line and nothing for CSV). Rows that follow each other in the file are therefore
 * one slice, separators included, and any answer is the prefix, slices joined by the separator, and the suffix.
 */
final class EncodedRows implements AutoCloseable {

    private final ByteBuf all;
    /** A view of {@link #all} read with absolute offsets only, so threads may share it. */
    private final ByteBuffer view;
    private final int[] start;
    private final int[] end;
    private final int prefixLength;
    private final int suffixLength;
    private final byte[] separator;
    /**
     * For a clustered copy, where each group of rows starts (ascending): each group is framed as a whole answer.
     * {@code null} for the rows in file order, framed once as the whole answer.
     */
    private final int[] groupStarts;

    private EncodedRows(ByteBuf all, int[] start, int[] end, int prefixLength, int suffixLength, byte[] separator,
                        int[] groupStarts) {
        this.all = all;
        this.view = all.nioBuffer(0, all.writerIndex()).asReadOnlyBuffer();
        this.start = start;
        this.end = end;
        this.prefixLength = prefixLength;
        this.suffixLength = suffixLength;
        this.separator = separator;
        this.groupStarts = groupStarts;
    }

    /** Writes a row into the stream it is given. */
    interface RowWriter<T> {
        void write(OutputStream out, T row) throws IOException;
    }

    /** Encodes {@code rows} with {@code writer} into one direct buffer. */
    static <T> EncodedRows encode(Iterable<T> rows, int count, byte[] prefix, byte[] separator, byte[] suffix,
                                  RowWriter<T> writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, count * 128));
        int[] start = new int[count];
        int[] end = new int[count];
        out.write(prefix);
        int i = 0;
        for (T row : rows) {
            if (i > 0) {
                out.write(separator);
            }
            start[i] = out.size();
            writer.write(out, row);
            end[i] = out.size();
            if (end[i] < start[i]) {
                throw new IOException("the encoded rows exceed 2 GiB");
            }
            i++;
        }
        out.write(suffix);
        if (out.size() < 0 || i != count) {
            throw new IOException("the encoded rows exceed 2 GiB");
        }
        ByteBuf all = Unpooled.directBuffer(out.size());
        all.writeBytes(out.toByteArray());
        return new EncodedRows(all, start, end, prefix.length, suffix.length, separator.clone(), null);
    }

    /**
     * The same rows in another order (row numbers, each once), copied from this encoding: a clustered copy in
     * which each group of an index is one run. Each group is framed as a whole answer of its own (prefix, its rows
     * joined by the separator, suffix), so that the answer carrying exactly one group is one slice of the copy.
     *
     * @param groupStarts where each group starts in {@code order}, ascending, the first 0
     */
    EncodedRows grouped(int[] order, int[] groupStarts) {
        long size = (long) all.writerIndex() + (long) Math.max(0, groupStarts.length - 1) * framing();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("a clustered copy of more than 2 GiB");
        }
        ByteBuf copy = Unpooled.directBuffer((int) size);
        int[] newStart = new int[order.length];
        int[] newEnd = new int[order.length];
        int g = 0;
        for (int i = 0; i < order.length; i++) {
            boolean opens = g < groupStarts.length && groupStarts[g] == i;
            if (opens) {
                if (i > 0) {
                    copy.writeBytes(all, all.writerIndex() - suffixLength, suffixLength);
                }
                copy.writeBytes(all, 0, prefixLength);
                g++;
            } else {
                copy.writeBytes(separator);
            }
            int row = order[i];
            newStart[i] = copy.writerIndex();
            copy.writeBytes(all, start[row], end[row] - start[row]);
            newEnd[i] = copy.writerIndex();
        }
        if (order.length == 0) {
            copy.writeBytes(all, 0, prefixLength);
        }
        copy.writeBytes(all, all.writerIndex() - suffixLength, suffixLength);
        return new EncodedRows(copy, newStart, newEnd, prefixLength, suffixLength, separator, groupStarts);
    }

    /** The bytes that frame an answer: its prefix and suffix. */
    int framing() {
        return prefixLength + suffixLength;
    }

    /** The bytes of the answer that selects every row, as a new reference the caller releases. */
    ByteBuf whole() {
        return all.retainedDuplicate();
    }

    /** The size of the answer that selects every row. */
    int wholeLength() {
        return all.readableBytes();
    }

    /**
     * How many bytes the answer carrying {@code s} has: the rows and a separator between each two, whether or not
     * they follow each other in the buffer.
     */
    long length(Selection s) {
        long n = prefixLength + suffixLength + (long) Math.max(0, s.count() - 1) * separator.length;
        for (int k = s.from(); k < s.to(); k++) {
            int row = s.row(k);
            n += end[row] - start[row];
        }
        return n;
    }

    /**
     * The answer carrying {@code s} when its rows are consecutive in the file: three slices of the shared buffer
     * (prefix, rows, suffix), nothing copied, or one slice when {@code s} is exactly a group of a clustered copy
     * or every row of the file. The caller releases it.
     */
    ByteBuf contiguous(Selection s) {
        if (s.count() == 0) {
            return Unpooled.wrappedBuffer(all.retainedSlice(0, prefixLength),
                    all.retainedSlice(all.writerIndex() - suffixLength, suffixLength));
        }
        int firstRow = s.row(s.from());
        int lastRow = s.row(s.to() - 1);
        int first = start[firstRow];
        int last = end[lastRow];
        if (groupStarts == null ? s.count() == start.length : isGroup(firstRow, lastRow)) {
            // Framed in the buffer already: the prefix just before the first row, the suffix just after the last.
            return all.retainedSlice(first - prefixLength, last - first + prefixLength + suffixLength);
        }
        return Unpooled.wrappedBuffer(3, all.retainedSlice(0, prefixLength), all.retainedSlice(first, last - first),
                all.retainedSlice(all.writerIndex() - suffixLength, suffixLength));
    }

    /** Whether rows {@code first} to {@code last} of a clustered copy are one whole group. */
    private boolean isGroup(int first, int last) {
        int g = Arrays.binarySearch(groupStarts, first);
        return g >= 0 && (g + 1 < groupStarts.length ? groupStarts[g + 1] : start.length) == last + 1;
    }

    /** The answer carrying {@code s}, copied into one buffer of {@code alloc}'s. */
    ByteBuf copy(Selection s, ByteBufAllocator alloc) {
        long length = length(s);
        ByteBuf out = alloc.directBuffer((int) length);
        new Cursor(s).copyTo(out, Integer.MAX_VALUE);
        return out;
    }

    /** A position in the answer carrying a selection, to write it out piece by piece. */
    final class Cursor {
        private final Selection s;
        private int k;
        private boolean prefixDone;
        private boolean suffixDone;

        Cursor(Selection s) {
            this.s = s;
            this.k = s.from();
        }

        boolean done() {
            return suffixDone;
        }

        /**
         * The next run of consecutive rows as a retained slice when it is at least {@code minimum} bytes long and
         * nothing has been written before it in the current piece; {@code null} otherwise (nothing is consumed).
         */
        ByteBuf bigRun(int minimum) {
            if (!prefixDone || k >= s.to()) {
                return null;
            }
            int sep = k > s.from() ? separator.length : 0;
            int first = s.row(k);
            int last = runEnd(k);
            int size = end[last] - start[first];
            if (size < minimum) {
                return null;
            }
            // The separator before a run is the byte(s) just before the run's first row in the shared buffer.
            ByteBuf slice = all.retainedSlice(start[first] - sep, size + sep);
            k += last - first + 1;
            return slice;
        }

        /** Copies as much as fits in {@code max} bytes (whole runs, unless one run alone is larger) into out. */
        void copyTo(ByteBuf out, int max) {
            Appender to = new Appender(out);
            if (!prefixDone) {
                to.put(0, prefixLength);
                prefixDone = true;
            }
            while (k < s.to()) {
                int sep = k > s.from() ? separator.length : 0;
                int first = s.row(k);
                int last = runEnd(k);
                int size = end[last] - start[first] + sep;
                if (to.readable() + size > max && to.readable() > 0) {
                    to.done();
                    return;
                }
                to.put(start[first] - sep, size);
                k += last - first + 1;
            }
            if (to.readable() + suffixLength > max && to.readable() > 0) {
                to.done();
                return;
            }
            to.put(all.writerIndex() - suffixLength, suffixLength);
            suffixDone = true;
            to.done();
        }

        /** The last row of the run of consecutive rows starting at entry {@code k}. */
        private int runEnd(int from) {
            int last = s.row(from);
            for (int j = from + 1; j < s.to() && s.row(j) == last + 1; j++) {
                last++;
            }
            return last;
        }
    }

    /**
     * Appends pieces of the shared buffer to a buffer. An answer of scattered rows is a hundred small copies or
     * more: one {@link ByteBuffer} view of the destination is taken for all of them and each piece is one absolute
     * bulk put, which costs a third of what {@link ByteBuf#writeBytes(ByteBuf, int, int)} does per call when Netty
     * runs without {@code sun.misc.Unsafe} (its default from Java 25), and touches no shared position.
     */
    private final class Appender {
        private final ByteBuf out;
        private ByteBuffer dst;
        private int base;
        private int room;
        private int written;

        Appender(ByteBuf out) {
            this.out = out;
            view(0);
        }

        /** A view of out's writable bytes (at least {@code need} of them), or none when out has no single one. */
        private void view(int need) {
            out.ensureWritable(need);
            if (out.nioBufferCount() == 1 && !out.isReadOnly()) {
                room = out.writableBytes();
                dst = out.internalNioBuffer(out.writerIndex(), room);
                base = dst.position();
            } else {
                dst = null;
            }
        }

        void put(int index, int length) {
            if (dst != null && length > room - written) {
                done();
                view(length);
            }
            if (dst == null) {
                out.writeBytes(all, index, length);
                return;
            }
            dst.put(base + written, view, index, length);
            written += length;
        }

        int readable() {
            return out.readableBytes() + written;
        }

        /** Moves out's writer index past what was put. */
        void done() {
            out.writerIndex(out.writerIndex() + written);
            base += written;
            room -= written;
            written = 0;
        }
    }

    /** The rows' bytes, for tests and checksums. */
    byte[] bytes() {
        byte[] b = new byte[all.readableBytes()];
        all.getBytes(0, b);
        return b;
    }

    int rows() {
        return start.length;
    }

    @Override
    public void close() {
        all.release();
    }

    @Override
    public String toString() {
        return "EncodedRows[" + start.length + " rows, " + all.readableBytes() + " bytes, separator "
                + Arrays.toString(separator) + "]";
    }
}
