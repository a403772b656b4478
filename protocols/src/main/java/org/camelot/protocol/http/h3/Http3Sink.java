package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.util.AsciiString;
import java.util.function.Consumer;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.StreamSink;

/**
 * An answer as HTTP/3 frames on a request stream: HEADERS, DATA, and the end of the QUIC stream (FIN) on the STREAM
 * frame of the last of them ({@link FinWithLastFrame}), never alone.
 */
final class Http3Sink implements StreamSink {

    private final AsciiString server;
    private final FinWithLastFrame fin = new FinWithLastFrame();

    /** @param server the {@code Server} value, or {@code null} */
    Http3Sink(AsciiString server) {
        this.server = server;
    }

    /** The handler that ends the stream, to place before the HTTP/3 codec in the stream's pipeline. */
    FinWithLastFrame fin() {
        return fin;
    }

    @Override
    public void headAlone(ChannelHandlerContext ctx, Answer answer, Consumer<Boolean> done) {
        fin.arm();
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(Http3Heads.of(answer, server)))
                .addListener(f -> done.accept(f.isSuccess()));
    }

    @Override
    public void head(ChannelHandlerContext ctx, Answer answer) {
        ctx.write(new DefaultHttp3HeadersFrame(Http3Heads.of(answer, server)), ctx.voidPromise());
    }

    @Override
    public void data(ChannelHandlerContext ctx, ByteBuf content) {
        ctx.write(new DefaultHttp3DataFrame(content), ctx.voidPromise());
    }

    /** With no bytes left, an empty DATA frame (RFC 9114 7.2.1 allows it) carries the FIN. */
    @Override
    public void end(ChannelHandlerContext ctx, ByteBuf last, Consumer<Boolean> done) {
        fin.arm();
        ctx.writeAndFlush(new DefaultHttp3DataFrame(last == null ? Unpooled.EMPTY_BUFFER : last))
                .addListener(f -> done.accept(f.isSuccess()));
    }
}
