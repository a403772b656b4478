package org.camelot.protocol.http.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.function.Consumer;
import org.camelot.protocol.http.Answer;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.StreamSink;

/** An answer as HTTP/2 frames on a stream's child channel: HEADERS, DATA, and END_STREAM on the last frame. */
final class Http2Sink implements StreamSink {

    private final AsciiString server;
    private final HttpService service;

    /**
     * @param server  the {@code Server} value, or {@code null}
     * @param service the listener's semantics, for its {@code Alt-Svc} value (HTTP/3 on the listener)
     */
    Http2Sink(AsciiString server, HttpService service) {
        this.server = server;
        this.service = service;
    }

    private Http2Headers headers(Answer answer) {
        Http2Headers headers = Http2Heads.of(answer, server);
        AsciiString altSvc = service.altSvc();
        if (altSvc != null) {
            headers.add(HttpHeaderNames.ALT_SVC, altSvc);
        }
        return headers;
    }

    @Override
    public void headAlone(ChannelHandlerContext ctx, Answer answer, Consumer<Boolean> done) {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers(answer), true))
                .addListener(f -> done.accept(f.isSuccess()));
    }

    @Override
    public void head(ChannelHandlerContext ctx, Answer answer) {
        ctx.write(new DefaultHttp2HeadersFrame(headers(answer), false), ctx.voidPromise());
    }

    @Override
    public void data(ChannelHandlerContext ctx, ByteBuf content) {
        ctx.write(new DefaultHttp2DataFrame(content, false), ctx.voidPromise());
    }

    @Override
    public void end(ChannelHandlerContext ctx, ByteBuf last, Consumer<Boolean> done) {
        ctx.writeAndFlush(new DefaultHttp2DataFrame(last == null ? Unpooled.EMPTY_BUFFER : last, true))
                .addListener(f -> done.accept(f.isSuccess()));
    }
}
