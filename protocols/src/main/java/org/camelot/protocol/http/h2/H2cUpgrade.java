package org.camelot.protocol.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import java.util.List;
import org.camelot.protocol.http.h1.Http1Wire;

/**
 * {@code Upgrade: h2c} on a cleartext HTTP/1.1 connection (RFC 7540 3.2), with Netty's
 * {@link HttpServerUpgradeHandler}: it answers 101 and hands the connection and the request (as stream 1, with its
 * body) to HTTP/2. Only the connection's first request may upgrade; after it the handler leaves the pipeline, so
 * that later requests, which may be pipelined behind answers still being written, stay on HTTP/1.1.
 *
 * <p>The request's body must be read whole before the 101 (HTTP/2 begins after it), so it is held in memory: up to
 * {@link #MAX_BODY} bytes, announced by {@code Content-Length}. A request that does not fit (a longer or chunked
 * body) or that waits for {@code 100 Continue} is answered over HTTP/1.1 without upgrading, as the RFC allows a
 * server to; the client then goes on in HTTP/1.1 (curl does).
 */
public final class H2cUpgrade {

    /** The upgrade handler's name, between the HTTP/1.1 decoder and connection. */
    public static final String NAME = "h2c-upgrade";

    /**
     * The largest body an upgrade takes along: the default HTTP/2 stream window, what a client may send on a stream
     * before the server grants more.
     */
    static final int MAX_BODY = 64 * 1024;

    private H2cUpgrade() {
    }

    /** Adds the HTTP/1.1 handlers with the upgrade path to HTTP/2 after {@code base}. */
    public static void installAfter(ChannelPipeline p, String base, Http1Wire http1, Http2Wire http2) {
        http1.installAfter(p, base, SourceCodec::new);
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(p.get(SourceCodec.class),
                protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? http2.upgradeCodec() : null,
                MAX_BODY, DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory(),
                true) {
            @Override
            protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
                return fits(req);
            }

            @Override
            protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
                super.decode(ctx, msg, out);
                if (msg instanceof LastHttpContent && !ctx.isRemoved()) {
                    // the first request went by without upgrading (an upgrade removes the handler itself)
                    ctx.pipeline().remove(this);
                }
            }
        };
        p.addAfter(Http1Wire.DECODER, NAME, upgrade);
    }

    /**
     * Whether an upgrade request can be taken to HTTP/2 with its body: well-formed, not waiting for
     * {@code 100 Continue} (the aggregator would answer it on its own), and a body of known length within
     * {@link #MAX_BODY}.
     */
    static boolean fits(HttpRequest req) {
        if (req.decoderResult().isFailure() || req.headers().contains(HttpHeaderNames.EXPECT)
                || HttpUtil.isTransferEncodingChunked(req)) {
            return false;
        }
        try {
            long length = HttpUtil.getContentLength(req, 0L);
            return length >= 0 && length <= MAX_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The HTTP/1.1 request decoder, and an encoder for the one response the upgrade handler writes itself (101);
     * the HTTP/1.1 wire writes its own bytes, which pass through. On upgrade it takes the HTTP/1.1 handlers out.
     */
    private static final class SourceCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder>
            implements HttpServerUpgradeHandler.SourceCodec {

        SourceCodec(HttpRequestDecoder decoder) {
            super(decoder, new HttpResponseEncoder() {
                @Override
                public boolean acceptOutboundMessage(Object msg) {
                    return msg instanceof FullHttpResponse;
                }
            });
        }

        @Override
        public void upgradeFrom(ChannelHandlerContext ctx) {
            ChannelPipeline p = ctx.pipeline();
            p.remove(this);
            p.remove(Http1Wire.CLOCK);
            p.remove(Http1Wire.CONNECTION);
        }
    }

}
