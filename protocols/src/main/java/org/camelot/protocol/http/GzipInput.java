package org.camelot.protocol.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/** A streamed body, gzipped as it is read. */
final class GzipInput implements ChunkedInput<ByteBuf> {

    private static final int CHUNK = 16 * 1024;
    /**
     * Input compressed in one call at most. A very compressible body gives almost no output, and without a bound one
     * call would compress the whole stream on the event loop before the first byte goes out.
     */
    private static final int MAX_INPUT_PER_CHUNK = 64 * 1024;

    private final ChunkedInput<ByteBuf> source;
    private final Gzip gzip;
    private ByteBuf current;
    private boolean done;

    GzipInput(ChunkedInput<ByteBuf> source, int level) {
        this.source = source;
        this.gzip = new Gzip(level);
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) throws Exception {
        if (done) {
            return null;
        }
        ByteBuf out = alloc.buffer(CHUNK);
        try {
            gzip.header(out);
            long taken = 0;
            while (true) {
                if (!gzip.deflate(out)) {
                    return out;
                }
                releaseCurrent();
                if (source.isEndOfInput()) {
                    gzip.finish(out);
                    done = true;
                    return out;
                }
                if (taken >= MAX_INPUT_PER_CHUNK) {
                    gzip.flush(out);
                    return out;
                }
                ByteBuf in = source.readChunk(alloc);
                if (in == null) {
                    if (out.isReadable()) {
                        return out;
                    }
                    out.release();
                    return null;
                }
                current = in;
                taken += in.readableBytes();
                gzip.input(in);
            }
        } catch (Exception | Error e) {
            out.release();
            throw e;
        }
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public boolean isEndOfInput() {
        return done;
    }

    @Override
    public void close() throws Exception {
        releaseCurrent();
        gzip.end();
        source.close();
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return source.progress();
    }

    private void releaseCurrent() {
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
