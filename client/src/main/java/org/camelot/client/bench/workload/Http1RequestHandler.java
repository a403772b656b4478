package org.camelot.client.bench.workload;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.ExchangeHandler;

/**
 * Sends one request and reads its response to the end, discarding the body as it streams in. A status of 400 or more
 * fails the operation ({@code http-404}); a response that closes the connection makes the next request reconnect.
 */
final class Http1RequestHandler extends ExchangeHandler {

    private final HttpTarget target;
    private int status;
    private boolean keepAlive;

    Http1RequestHandler(HttpTarget target) {
        this.target = target;
    }

    @Override
    protected void start() {
        status = 0;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, target.method(),
                target.pathAndQuery(), Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, target.authority());
        request.headers().set(HttpHeaderNames.USER_AGENT, "camelot-bench");
        ctx.writeAndFlush(request, ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (operation() == null) {
                return;
            }
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                keepAlive = HttpUtil.isKeepAlive(r);
                if (r.decoderResult().isFailure()) {
                    fail("bad-response");
                    ctx.close();
                    return;
                }
            }
            if (msg instanceof HttpContent && msg instanceof LastHttpContent) {
                if (status >= 400) {
                    fail("http-" + status);
                    if (!keepAlive) {
                        ctx.close();
                    }
                } else if (keepAlive) {
                    succeed();
                } else {
                    succeedAndClose();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
