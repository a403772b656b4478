package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AsciiString;
import java.util.function.Consumer;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.StreamSink;

/**
 * An answer as HTTP/3 frames on a request stream: HEADERS, DATA, then the end of the QUIC stream (FIN), sent once
 * the last frame is handed to the stream so that it follows the data.
 */
final class Http3Sink implements StreamSink {

    private final AsciiString server;

    /** @param server the {@code Server} value, or {@code null} */
    Http3Sink(AsciiString server) {
        this.server = server;
    }

    @Override
    public void headAlone(ChannelHandlerContext ctx, Answer answer, Consumer<Boolean> done) {
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(Http3Heads.of(answer, server)))
                .addListener(f -> finish(ctx, f.isSuccess(), done));
    }

    @Override
    public void head(ChannelHandlerContext ctx, Answer answer) {
        ctx.write(new DefaultHttp3HeadersFrame(Http3Heads.of(answer, server)), ctx.voidPromise());
    }

    @Override
    public void data(ChannelHandlerContext ctx, ByteBuf content) {
        ctx.write(new DefaultHttp3DataFrame(content), ctx.voidPromise());
    }

    @Override
    public void end(ChannelHandlerContext ctx, ByteBuf last, Consumer<Boolean> done) {
        if (last == null) {
            ctx.flush();
            finish(ctx, true, done);
        } else {
            ctx.writeAndFlush(new DefaultHttp3DataFrame(last)).addListener(f -> finish(ctx, f.isSuccess(), done));
        }
    }

    /** Ends the stream (FIN) after what was written went. */
    private static void finish(ChannelHandlerContext ctx, boolean written, Consumer<Boolean> done) {
        if (written) {
            ((QuicStreamChannel) ctx.channel()).shutdownOutput().addListener(s -> done.accept(s.isSuccess()));
        } else {
            done.accept(false);
        }
    }
}
