package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.stream.ChunkedInput;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.http.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an answer's body on one HTTP/3 request stream as DATA frames, then ends the stream (FIN). It writes only
 * while the stream channel is writable, which the QUIC codec ties to the stream's flow-control credit (what the
 * client has granted and not yet used), and resumes when it is again; file parts are read in chunks on the blocking
 * executor, one chunk ahead. So a client that stops reading holds at most about two chunks per stream.
 */
final class Http3Pump {

    /** Told once, on the event loop, when the body is sent or lost. */
    interface Done {
        void sent(long bodyBytes, boolean success);
    }

    /** Big enough to amortise a blocking read, small per stream. */
    static final int FILE_CHUNK = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Http3Pump.class);

    private final ChannelHandlerContext ctx;
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

    Http3Pump(ChannelHandlerContext ctx, Executor blocking, List<Answer.Part> parts, Done done) {
        this.ctx = ctx;
        this.blocking = blocking;
        this.parts = new ArrayList<>(parts);
        this.done = done;
    }

    /** Writes what it can; called again when the stream becomes writable or a chunk has been read. */
    void pump() {
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
                    ctx.write(new DefaultHttp3DataFrame(held), ctx.voidPromise());
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
        {
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
        }
        return null;
    }

    private void read(Answer.FileSlice f) {
        reading = true;
        int n = (int) Math.min(FILE_CHUNK, fileLeft);
        long position = filePosition;
        filePosition += n;
        fileLeft -= n;
        ByteBuf buf = ctx.alloc().directBuffer(n);
        try {
            blocking.execute(() -> {
                Throwable error = null;
                try {
                    long at = position;
                    while (buf.isWritable()) {
                        int r = buf.writeBytes(f.file(), at, buf.writableBytes());
                        if (r < 0) {
                            throw new EOFException("the file is shorter than when its answer began");
                        }
                        at += r;
                    }
                } catch (Throwable t) {
                    error = t;
                }
                Throwable e = error;
                try {
                    ctx.executor().execute(() -> readDone(buf, e));
                } catch (RejectedExecutionException gone) {
                    buf.release();
                }
            });
        } catch (RejectedExecutionException e) {
            reading = false;
            buf.release();
            log.warn("no blocking thread to read a file: {}", e.toString());
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
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (held == null) {
            ctx.flush();
            stream.shutdownOutput().addListener((ChannelFutureListener) f -> end(f.isSuccess()));
            return;
        }
        ByteBuf last = held;
        held = null;
        ctx.writeAndFlush(new DefaultHttp3DataFrame(last)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                stream.shutdownOutput().addListener((ChannelFutureListener) s -> end(s.isSuccess()));
            } else {
                end(false);
            }
        });
    }

    /** The stream is gone: frees what is held and reports the body lost. */
    void abort() {
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
