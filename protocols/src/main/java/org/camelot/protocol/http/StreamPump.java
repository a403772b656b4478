package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an answer's body on one request stream of a multiplexed wire (HTTP/2, HTTP/3) through its
 * {@link StreamSink}. It writes only while the stream channel is writable, which Netty ties to the stream's
 * flow-control window (HTTP/2) or credit (QUIC) and the connection's own writability, and resumes when it is again;
 * file parts are read in chunks on the blocking executor, one chunk ahead. So a client that opens a window slowly,
 * or never, holds at most about two chunks per stream. One buffer is held back until the next is known, so that the
 * last piece ends the stream (HTTP/2's END_STREAM on the last DATA frame) without an extra empty frame.
 */
public final class StreamPump {

    /** Told once, on the event loop, when the body is sent or lost. */
    public interface Done {
        void sent(long bodyBytes, boolean success);
    }

    /** Four HTTP/2 frames of the default size: big enough to amortise a blocking read, small per stream. */
    public static final int FILE_CHUNK = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(StreamPump.class);

    private final ChannelHandlerContext ctx;
    private final StreamSink sink;
    private final Executor blocking;
    private final List<Answer.Part> parts;
    private final Done done;
    private int index;
    private long sent;
    private long filePosition = -1;
    private long fileLeft;
    private ByteBuf ready;
    private ByteBuf held;
    private boolean reading;
    private boolean waiting;
    private boolean finished;
    private boolean over;

    public StreamPump(ChannelHandlerContext ctx, StreamSink sink, Executor blocking, List<Answer.Part> parts,
                      Done done) {
        this.ctx = ctx;
        this.sink = sink;
        this.blocking = blocking;
        this.parts = new ArrayList<>(parts);
        this.done = done;
    }

    /** Writes what it can; called again when the stream becomes writable or a chunk has been read. */
    public void pump() {
        if (finished || over) {
            return;
        }
        boolean wrote = false;
        try {
            while (ctx.channel().isWritable()) {
                if (index == parts.size()) {
                    finish();
                    return;
                }
                waiting = false;
                ByteBuf next = next();
                if (waiting) {
                    break;
                }
                if (next == null) {
                    continue;
                }
                if (held != null) {
                    sink.data(ctx, held);
                    wrote = true;
                }
                held = next;
                sent += next.readableBytes();
            }
        } catch (Exception e) {
            log.warn("{}: answer body failed: {}", ctx.channel().parent().remoteAddress(), e.toString(), e);
            abort();
            ctx.close();
            return;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /**
     * The next buffer of the current part; {@code null} when there is none yet (then {@link #waiting} is set) or
     * when the part is over (go on with the next one).
     */
    private ByteBuf next() throws Exception {
        Answer.Part part = parts.get(index);
        if (part instanceof Answer.Bytes b) {
            parts.set(index++, null);
            if (b.content().isReadable()) {
                return b.content();
            }
            b.content().release();
            return null;
        } else if (part instanceof Answer.FileSlice f) {
            if (filePosition < 0) {
                filePosition = f.position();
                fileLeft = f.count();
            }
            if (ready != null) {
                ByteBuf chunk = ready;
                ready = null;
                if (fileLeft > 0) {
                    read(f);
                }
                return chunk;
            }
            if (fileLeft == 0 && !reading) {
                filePosition = -1;
                index++;
                return null;
            }
            if (!reading) {
                read(f);
            }
            waiting = true;
            return null;
        } else if (part instanceof Answer.Chunks c) {
            ChunkedInput<ByteBuf> input = c.input();
            if (input.isEndOfInput()) {
                index++;
                return null;
            }
            ByteBuf chunk = input.readChunk(ctx.alloc());
            if (chunk == null) {
                if (input.isEndOfInput()) {
                    return null;
                }
                ctx.executor().schedule(this::pump, 1, TimeUnit.MILLISECONDS);
                waiting = true;
                return null;
            }
            if (chunk.isReadable()) {
                return chunk;
            }
            chunk.release();
            return null;
        }
        return null;
    }

    private void read(Answer.FileSlice f) {
        reading = true;
        int n = (int) Math.min(FILE_CHUNK, fileLeft);
        long position = filePosition;
        filePosition += n;
        fileLeft -= n;
        if (!FileChunks.read(ctx, blocking, f, position, n, this::readDone)) {
            reading = false;
            log.warn("no blocking thread to read a file");
            abort();
            ctx.close();
        }
    }

    private void readDone(ByteBuf buf, Throwable error) {
        reading = false;
        if (over || finished) {
            buf.release();
            return;
        }
        if (error != null) {
            buf.release();
            log.warn("reading a file failed: {}", error.toString());
            abort();
            ctx.close();
            return;
        }
        ready = buf;
        pump();
    }

    private void finish() {
        finished = true;
        ByteBuf last = held;
        held = null;
        sink.end(ctx, last, this::end);
    }

    /** The stream is gone: frees what is held and reports the body lost. */
    public void abort() {
        end(false);
    }

    private void end(boolean success) {
        if (over) {
            return;
        }
        over = true;
        if (ready != null) {
            ready.release();
            ready = null;
        }
        if (held != null) {
            held.release();
            held = null;
        }
        for (int i = index; i < parts.size(); i++) {
            if (parts.get(i) instanceof Answer.Bytes b) {
                b.content().release();
            }
        }
        done.sent(sent, success);
    }
}
