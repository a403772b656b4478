package org.camelot.protocol.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import org.camelot.protocol.http.h1.Http1Wire;

/**
 * {@code Upgrade: h2c} on a cleartext HTTP/1.1 connection (RFC 7540 3.2), with Netty's
 * {@link HttpServerUpgradeHandler}: it looks at the first request only, answers 101 and hands the connection and
 * that request (as stream 1) to HTTP/2. A request with a body is not upgraded; it is answered over HTTP/1.1.
 */
public final class H2cUpgrade {

    /** The upgrade handler's name, between the HTTP/1.1 decoder and connection. */
    public static final String NAME = "h2c-upgrade";

    private H2cUpgrade() {
    }

    /** Adds the HTTP/1.1 handlers with the upgrade path to HTTP/2 after {@code base}. */
    public static void installAfter(ChannelPipeline p, String base, Http1Wire http1, Http2Wire http2) {
        http1.installAfter(p, base, SourceCodec::new);
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(p.get(SourceCodec.class),
                protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? http2.upgradeCodec() : null,
                0, DefaultHttpHeadersFactory.headersFactory(), DefaultHttpHeadersFactory.trailersFactory(), true) {
            @Override
            protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
                return !HttpUtil.isTransferEncodingChunked(req)
                        && HttpUtil.getContentLength(req, 0L) == 0;
            }
        };
        p.addAfter(Http1Wire.DECODER, NAME, upgrade);
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
