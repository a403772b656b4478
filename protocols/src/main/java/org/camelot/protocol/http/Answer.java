package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.stream.ChunkedInput;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * An answer ready to send: its encoded head and the parts of its body, each a {@link ByteBuf}, a {@link FileSlice}
 * or a {@link ChunkedInput} of buffers.
 *
 * @param head      the status line and headers (and, for a small body, the body too)
 * @param parts     the rest of the body, in order
 * @param chunked   whether streamed parts go out with chunked framing
 * @param resource  the file or stream to close once everything is sent (or the connection is lost), or {@link Body#EMPTY}
 * @param status    the status code, for the access log
 * @param bodyBytes the body length for the access log, -1 when known only once streamed
 * @param close     whether the connection closes after this answer
 */
record Answer(ByteBuf head, List<Object> parts, boolean chunked, Body resource, int status, long bodyBytes,
              boolean close) {

    /** A range of a file. */
    record FileSlice(FileChannel file, long position, long count) {
    }

    /** Whether every part can be handed to the channel at once (no file read over TLS, no stream). */
    boolean immediate(boolean tls) {
        for (Object p : parts) {
            if (p instanceof ChunkedInput<?> || tls && p instanceof FileSlice) {
                return false;
            }
        }
        return true;
    }

    /** Whether a part comes from a file (sent with sendfile on a cleartext connection). */
    boolean sendsFile() {
        for (Object p : parts) {
            if (p instanceof FileSlice) {
                return true;
            }
        }
        return false;
    }

    /** Frees what was not sent. */
    void discard() {
        head.release();
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                b.release();
            }
        }
        resource.discard();
    }
}
