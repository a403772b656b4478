package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.camelot.client.bench.run.ErrorKinds;

/**
 * Last on an HTTP/2 connection: opens the connection's flow-control window as wide as the streams' (so that the
 * generator, which discards what it reads, never holds a server back), consumes the connection-level frames, and
 * remembers why the connection failed (an error, or a GOAWAY with an error code) so that the streams it takes down
 * report that kind rather than {@code closed}.
 */
final class Http2ConnectionWatch extends ChannelInboundHandlerAdapter {

    /** The flow-control window of the connection and of each stream: h2load's default, 2^30 - 1. */
    static final int WINDOW = (1 << 30) - 1;

    private static final AttributeKey<String> FAILURE = AttributeKey.valueOf("http2-failure");

    /** Why {@code connection} failed, as an error kind, or {@code null}. */
    static String failure(Channel connection) {
        return connection == null ? null : connection.attr(FAILURE).get();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            widen(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        widen(ctx);
        ctx.fireChannelActive();
    }

    /** A WINDOW_UPDATE for the connection, from the protocol's initial 65,535 bytes to {@link #WINDOW}. */
    private static void widen(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2GoAwayFrame g && g.errorCode() != 0) {
                Http2Error e = Http2Error.valueOf(g.errorCode());
                ctx.channel().attr(FAILURE).setIfAbsent("h2-goaway-" + (e == null ? String.valueOf(g.errorCode())
                        : e.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().attr(FAILURE).setIfAbsent(ErrorKinds.of(cause));
        ctx.close();
    }
}
