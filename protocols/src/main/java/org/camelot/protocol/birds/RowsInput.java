package org.camelot.protocol.birds;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A large answer streamed as the connection takes it: runs of consecutive rows at least half a chunk long go out
 * as slices of the shared encoded buffer, and shorter runs are gathered into chunks of {@link #CHUNK} bytes. At most
 * a chunk is held per connection, however many rows match; the answer is never built whole.
 */
final class RowsInput implements ChunkedInput<ByteBuf> {

    static final int CHUNK = 64 * 1024;

    private final EncodedRows.Cursor cursor;
    private final long length;
    /** A reference to the shared buffer, so that it outlives the route if the route is closed mid-answer. */
    private final ByteBuf keepAlive;
    private long progress;
    private boolean closed;

    RowsInput(EncodedRows rows, Selection selection, long length) {
        this.cursor = rows.new Cursor(selection);
        this.length = length;
        this.keepAlive = rows.whole();
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) {
        if (cursor.done()) {
            return null;
        }
        ByteBuf chunk = cursor.bigRun(CHUNK / 2);
        if (chunk == null) {
            chunk = alloc.directBuffer(CHUNK);
            try {
                cursor.copyTo(chunk, CHUNK);
            } catch (RuntimeException e) {
                chunk.release();
                throw e;
            }
        }
        progress += chunk.readableBytes();
        return chunk;
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public boolean isEndOfInput() {
        return cursor.done();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            keepAlive.release();
        }
    }
}
