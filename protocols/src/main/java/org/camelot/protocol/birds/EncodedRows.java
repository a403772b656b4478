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

    private EncodedRows(ByteBuf all, int[] start, int[] end, int prefixLength, int suffixLength, byte[] separator) {
        this.all = all;
        this.view = all.nioBuffer(0, all.writerIndex()).asReadOnlyBuffer();
        this.start = start;
        this.end = end;
        this.prefixLength = prefixLength;
        this.suffixLength = suffixLength;
        this.separator = separator;
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
        return new EncodedRows(all, start, end, prefix.length, suffix.length, separator.clone());
    }

    /** The bytes of the answer that selects every row, as a new reference the caller releases. */
    ByteBuf whole() {
        return all.retainedDuplicate();
    }

    /** The size of the answer that selects every row. */
    int wholeLength() {
        return all.readableBytes();
    }

    /** How many bytes the answer carrying {@code s} has. */
    long length(Selection s) {
        long n = prefixLength + suffixLength;
        int runs = 0;
        for (int k = s.from(); k < s.to(); ) {
            int first = s.row(k);
            int last = first;
            k++;
            while (k < s.to() && s.row(k) == last + 1) {
                last++;
                k++;
            }
            n += end[last] - start[first];
            runs++;
        }
        return n + (long) Math.max(0, runs - 1) * separator.length;
    }

    /**
     * The answer carrying {@code s} when its rows are consecutive in the file: three slices of the shared buffer
     * (prefix, rows, suffix), nothing copied. The caller releases it.
     */
    ByteBuf contiguous(Selection s) {
        if (s.count() == 0) {
            return Unpooled.wrappedBuffer(all.retainedSlice(0, prefixLength),
                    all.retainedSlice(all.writerIndex() - suffixLength, suffixLength));
        }
        if (s.count() == start.length) {
            return whole();
        }
        int first = start[s.row(s.from())];
        int last = end[s.row(s.to() - 1)];
        return Unpooled.wrappedBuffer(3, all.retainedSlice(0, prefixLength), all.retainedSlice(first, last - first),
                all.retainedSlice(all.writerIndex() - suffixLength, suffixLength));
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
            if (!prefixDone) {
                put(out, 0, prefixLength);
                prefixDone = true;
            }
            while (k < s.to()) {
                int sep = k > s.from() ? separator.length : 0;
                int first = s.row(k);
                int last = runEnd(k);
                int size = end[last] - start[first] + sep;
                if (out.readableBytes() + size > max && out.isReadable()) {
                    return;
                }
                put(out, start[first] - sep, size);
                k += last - first + 1;
            }
            if (out.readableBytes() + suffixLength > max && out.isReadable()) {
                return;
            }
            put(out, all.writerIndex() - suffixLength, suffixLength);
            suffixDone = true;
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
     * Appends {@code length} bytes of the shared buffer from {@code index} to {@code out}. An answer of scattered
     * rows is a hundred small copies or more; ByteBuffer's absolute bulk put costs a third of what
     * {@link ByteBuf#writeBytes(ByteBuf, int, int)} does per call when Netty runs without {@code sun.misc.Unsafe}
     * (its default from Java 25), and touches no shared position.
     */
    private void put(ByteBuf out, int index, int length) {
        out.ensureWritable(length);
        if (out.nioBufferCount() != 1 || out.isReadOnly()) {
            out.writeBytes(all, index, length);
            return;
        }
        ByteBuffer dst = out.internalNioBuffer(out.writerIndex(), length);
        dst.put(dst.position(), view, index, length);
        out.writerIndex(out.writerIndex() + length);
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
