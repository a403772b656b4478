package org.camelot.protocol.framed;

import java.util.Arrays;

/**
 * Splits a byte stream into frames by a delimiter, with a length limit. Not thread-safe: one per connection.
 * Memory stays bounded by the limit: a message that outgrows it is reported at once and then skipped up to its
 * delimiter without being kept.
 */
public final class Framer {

    /** Receives what the framer finds. Each method returns {@code false} to stop reading (the connection closes). */
    public interface Sink {
        /** A complete frame, in an array of its own that the sink may keep. */
        boolean frame(byte[] frame);

        /**
         * A complete frame in {@code bytes[offset, offset + length)}, valid only during the call: the framer reuses
         * the array. The default copies the range for {@link #frame(byte[])}; sinks that can use the bytes in place
         * override it to spare a copy per frame.
         */
        default boolean frame(byte[] bytes, int offset, int length) {
            return frame(Arrays.copyOfRange(bytes, offset, offset + length));
        }

        boolean tooLong();
    }

    private final byte delimiter;
    private final int maxLength;
    private final boolean includeDelimiter;
    private static final byte[] EMPTY = new byte[0];
    private byte[] pending = EMPTY;
    private int pendingLength;
    private boolean discarding;

    public Framer(Framing framing) {
        this.delimiter = framing.delimiter();
        this.maxLength = framing.maxLength();
        this.includeDelimiter = framing.includeDelimiter();
    }

    /** The bytes held for a message whose delimiter has not come yet: never more than the length limit. */
    int bufferCapacity() {
        return pending.length;
    }

    /** Whether part of a message has arrived and its delimiter has not. */
    public boolean hasPartialFrame() {
        return pendingLength > 0 || discarding;
    }

    /**
     * Feeds bytes and reports every complete frame in order.
     *
     * @return {@code false} if the sink asked to stop
     */
    public boolean feed(byte[] bytes, int offset, int length, Sink sink) {
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int at = indexOf(bytes, start, end);
            if (discarding) {
                if (at < 0) {
                    return true;
                }
                discarding = false;
                start = at + 1;
                continue;
            }
            if (at < 0) {
                int rest = end - start;
                // maxLength bytes without the delimiter can no longer end within maxLength: report it now.
                if (pendingLength + rest >= maxLength) {
                    pendingLength = 0;
                    discarding = true;
                    trimPending();
                    return sink.tooLong();
                }
                append(bytes, start, rest);
                return true;
            }
            int partLength = at + 1 - start;
            if (pendingLength + partLength > maxLength) {
                pendingLength = 0;
                trimPending();
                if (!sink.tooLong()) {
                    return false;
                }
                start = at + 1;
                continue;
            }
            int keep = includeDelimiter ? partLength : partLength - 1;
            int frameStart = start;
            start = at + 1;
            boolean more;
            if (pendingLength == 0) {
                more = sink.frame(bytes, frameStart, keep);
            } else {
                append(bytes, frameStart, partLength);
                int frameLength = includeDelimiter ? pendingLength : pendingLength - 1;
                pendingLength = 0;
                more = sink.frame(pending, 0, frameLength);
                trimPending();
            }
            if (!more) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == delimiter) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] bytes, int offset, int length) {
        int needed = pendingLength + length;
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(Math.max(needed, pending.length * 2), maxLength));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength = needed;
    }

    /** Keeps a long-lived connection from holding on to the largest message it ever sent. */
    private void trimPending() {
        if (pending.length > 4096) {
            pending = EMPTY;
        }
    }
}
