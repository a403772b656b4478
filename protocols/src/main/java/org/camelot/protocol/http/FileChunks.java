package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.io.EOFException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Reads a chunk of a file answer on the blocking executor, for a wire that cannot hand the file to the kernel
 * (TLS, HTTP/2, HTTP/3): a direct buffer is filled off the event loop and handed back on it.
 */
public final class FileChunks {

    private FileChunks() {
    }

    /**
     * Reads {@code length} bytes of {@code file} from {@code position}; {@code done} gets the buffer (its to
     * release) or the error, on {@code ctx}'s event loop. When the event loop has gone the buffer is released.
     *
     * @return {@code false}, with nothing started, when no blocking thread takes the read
     */
    public static boolean read(ChannelHandlerContext ctx, Executor blocking, Answer.FileSlice file, long position,
                               int length, BiConsumer<ByteBuf, Throwable> done) {
        ByteBuf buf = ctx.alloc().directBuffer(length);
        try {
            blocking.execute(() -> {
                Throwable error = null;
                try {
                    long at = position;
                    while (buf.isWritable()) {
                        int r = buf.writeBytes(file.file(), at, buf.writableBytes());
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
                    ctx.executor().execute(() -> done.accept(buf, e));
                } catch (RejectedExecutionException gone) {
                    buf.release();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            buf.release();
            return false;
        }
    }
}
