package org.camelot.client.bench.workload;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.ExchangeHandler;

/**
 * Sends one request on its own HTTP/3 request stream and reads the answer to the end of the stream, discarding the
 * body as it streams in (reading returns the stream's flow-control credit). A status of 400 or more fails the
 * operation ({@code http-404}), a stream that ends without a status too.
 */
final class Http3RequestHandler extends ExchangeHandler {

    private final Http3Headers request;
    private final FinalStatus status = new FinalStatus();

    Http3RequestHandler(Http3Headers request) {
        this.request = request;
    }

    @Override
    protected void start() {
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(request)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ErrorKinds.of(f.cause()));
                ctx.close();
            } else {
                ((QuicStreamChannel) ctx.channel()).shutdownOutput();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http3HeadersFrame h && !status.head(h.headers().status())) {
                fail("bad-response");
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownEvent.INSTANCE && operation() != null) {
            end(status.failure());
        }
        super.userEventTriggered(ctx, evt);
    }
}
