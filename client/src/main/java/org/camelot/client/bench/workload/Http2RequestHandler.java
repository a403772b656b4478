package org.camelot.client.bench.workload;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.ExchangeHandler;

/**
 * Sends one request on its own HTTP/2 stream and reads the answer to the end of the stream, discarding the body as
 * it streams in (the stream returns its flow-control window as the frames are read). A status of 400 or more fails
 * the operation ({@code http-404}), a reset stream too ({@code h2-reset-refused-stream}). A request the server did not
 * process because of a GOAWAY goes again on another connection.
 */
final class Http2RequestHandler extends ExchangeHandler {

    private final Http2Headers request;
    private final FinalStatus status = new FinalStatus();
    private boolean unprocessed;

    Http2RequestHandler(Http2Headers request) {
        this.request = request;
    }

    @Override
    protected void start() {
        unprocessed = false;
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(request, true)).addListener(f -> {
            if (f.isSuccess()) {
                return;
            }
            if (Http2Workload.goingAway(ctx.channel().parent())) {
                // The GOAWAY came between the choice of this connection and the request's head.
                retry();
            } else {
                fail(ErrorKinds.of(f.cause()));
            }
            ctx.close();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (operation() == null) {
                return;
            }
            if (msg instanceof Http2HeadersFrame h && !status.head(h.headers().status())) {
                fail("bad-response");
                ctx.close();
                return;
            }
            if (msg instanceof Http2ResetFrame r) {
                Http2Error e = Http2Error.valueOf(r.errorCode());
                fail("h2-reset-" + (e == null ? String.valueOf(r.errorCode())
                        : e.name().toLowerCase(Locale.ROOT).replace('_', '-')));
            } else if (msg instanceof Http2StreamFrame f && endOfStream(f)) {
                end(status.failure());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private static boolean endOfStream(Http2StreamFrame f) {
        return f instanceof Http2HeadersFrame h ? h.isEndStream()
                : f instanceof io.netty.handler.codec.http2.Http2DataFrame d && d.isEndStream();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2GoAwayFrame g) {
            // Above the GOAWAY's last stream id: the server did not process this request, which may be sent again
            // (RFC 9113, 6.8), as browsers do, on another connection. The codec closes the stream next.
            unprocessed = true;
            g.release();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (unprocessed) {
            retry();
        }
        // A stream closes with its connection: say why the connection ended when it is known.
        String why = Http2ConnectionWatch.failure(ctx.channel().parent());
        if (why != null) {
            fail(why);
        }
        super.channelInactive(ctx);
    }
}
