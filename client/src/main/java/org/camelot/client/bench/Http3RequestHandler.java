package org.camelot.client.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Sends one request on its own HTTP/3 request stream and reads the answer to the end of the stream, discarding the
 * body as it streams in (reading returns the stream's flow-control credit). A status of 400 or more fails the
 * operation ({@code http-404}), a stream that ends without a status too.
 */
final class Http3RequestHandler extends ExchangeHandler {

    private final Http3Headers request;
    private int status;

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
            if (msg instanceof Http3HeadersFrame h && status < 200) {
                // 1xx heads come before the final one.
                CharSequence s = h.headers().status();
                status = s == null ? 0 : parse(s);
                if (status < 100) {
                    fail("bad-response");
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ChannelInputShutdownEvent.INSTANCE && operation() != null) {
            if (status < 200) {
                fail("bad-response");
            } else if (status >= 400) {
                fail("http-" + status);
            } else {
                succeed();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private static int parse(CharSequence s) {
        try {
            return Integer.parseInt(s.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
