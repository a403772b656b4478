package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.FileChunks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an answer whose body cannot be handed to the channel at once: a file over TLS, read in chunks on the
 * blocking executor (the next chunk is read while the current one is encrypted and written), or a stream. It
 * writes only while the channel is writable and resumes when it is again, so a slow client costs at most a chunk
 * or two of memory.
 */
final class BodyPump {

    /** Told once, on the event loop, when the answer is sent or lost. */
    interface Done {
        void sent(long bodyBytes, boolean success);
    }

    static final int FILE_CHUNK = 128 * 1024;
    private static final Logger log = LoggerFactory.getLogger(BodyPump.class);
    private static final ByteBuf CRLF = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte('\r').writeByte('\n').asReadOnly());
    private static final ByteBuf LAST_CHUNK = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(5).writeBytes(new byte[] {'0', '\r', '\n', '\r', '\n'}).asReadOnly());

    private final ChannelHandlerContext ctx;
    private final Executor blocking;
    private final ByteBuf head;
    private final boolean chunked;
    private final boolean tls;
    private final Done done;
    private final List<Answer.Part> parts;
    private int index;
    private long sent;
    private long filePosition = -1;
    private long fileLeft;
    private ByteBuf ready;
    private boolean reading;
    private boolean finished;
    private boolean over;

    BodyPump(ChannelHandlerContext ctx, Executor blocking, ByteBuf head, List<Answer.Part> parts, boolean chunked,
             boolean tls, Done done) {
        this.ctx = ctx;
        this.blocking = blocking;
        this.head = head;
        this.parts = new ArrayList<>(parts);
        this.chunked = chunked;
        this.tls = tls;
        this.done = done;
    }

    void start() {
        ctx.write(head, ctx.voidPromise());
        pump();
        if (!finished) {
            ctx.flush();
        }
    }

    /** Writes what it can; called again when the channel becomes writable or a chunk has been read. */
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
                Answer.Part part = parts.get(index);
                if (part instanceof Answer.Bytes b) {
                    sent += b.content().readableBytes();
                    parts.set(index++, null);
                    ctx.write(b.content(), ctx.voidPromise());
                    wrote = true;
                } else if (part instanceof Answer.FileSlice f) {
                    if (!tls) {
                        sent += f.count();
                        index++;
                        ctx.write(new SharedFileRegion(f.file(), f.position(), f.count()), ctx.voidPromise());
                        wrote = true;
                        continue;
                    }
                    if (filePosition < 0) {
                        filePosition = f.position();
                        fileLeft = f.count();
                    }
                    if (ready != null) {
                        ByteBuf chunk = ready;
                        ready = null;
                        sent += chunk.readableBytes();
                        ctx.write(chunk, ctx.voidPromise());
                        wrote = true;
                    }
                    if (fileLeft == 0 && !reading) {
                        filePosition = -1;
                        index++;
                        continue;
                    }
                    if (!reading) {
                        read(f);
                    }
                    break;
                } else if (part instanceof Answer.Chunks c) {
                    ChunkedInput<ByteBuf> input = c.input();
                    if (input.isEndOfInput()) {
                        if (chunked) {
                            ctx.write(LAST_CHUNK.duplicate(), ctx.voidPromise());
                            wrote = true;
                        }
                        index++;
                        continue;
                    }
                    ByteBuf chunk = input.readChunk(ctx.alloc());
                    if (chunk == null) {
                        if (!input.isEndOfInput()) {
                            ctx.executor().schedule(this::pump, 1, TimeUnit.MILLISECONDS);
                            break;
                        }
                        continue;
                    }
                    if (!chunk.isReadable()) {
                        chunk.release();
                        continue;
                    }
                    sent += chunk.readableBytes();
                    if (chunked) {
                        ByteBuf size = ctx.alloc().ioBuffer(12);
                        ByteBufUtil.writeAscii(size, Integer.toHexString(chunk.readableBytes()));
                        ctx.write(size.writeByte('\r').writeByte('\n'), ctx.voidPromise());
                        ctx.write(chunk, ctx.voidPromise());
                        ctx.write(CRLF.duplicate(), ctx.voidPromise());
                    } else {
                        ctx.write(chunk, ctx.voidPromise());
                    }
                    wrote = true;
                }
            }
        } catch (Exception e) {
            log.warn("{}: answer body failed: {}", ctx.channel().remoteAddress(), e.toString(), e);
            ctx.close();
            return;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void read(Answer.FileSlice f) {
        reading = true;
        int n = (int) Math.min(FILE_CHUNK, fileLeft);
        long position = filePosition;
        filePosition += n;
        fileLeft -= n;
        if (!FileChunks.read(ctx, blocking, f, position, n, this::readDone)) {
            reading = false;
            log.warn("{}: no blocking thread to read a file", ctx.channel().remoteAddress());
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
            log.warn("{}: reading a file failed: {}", ctx.channel().remoteAddress(), error.toString());
            ctx.close();
            return;
        }
        ready = buf;
        pump();
    }

    private void finish() {
        finished = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> end(f.isSuccess()));
    }

    /** The connection is gone: frees what is held and reports the answer lost. */
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
        for (int i = index; i < parts.size(); i++) {
            if (parts.get(i) instanceof Answer.Bytes b) {
                b.content().release();
            }
        }
        done.sent(sent, success);
    }
}
