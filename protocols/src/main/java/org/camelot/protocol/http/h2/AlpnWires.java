package org.camelot.protocol.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.camelot.protocol.http.h1.Http1Wire;

/**
 * On a TLS connection, picks the wire once the handshake has agreed on one by ALPN: HTTP/2 for {@code h2},
 * HTTP/1.1 otherwise (also for a client that offered no ALPN at all).
 */
public final class AlpnWires extends ApplicationProtocolNegotiationHandler {

    private final Http1Wire http1;
    private final Http2Wire http2;

    public AlpnWires(Http1Wire http1, Http2Wire http2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http1 = http1;
        this.http2 = http2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2.installAfter(ctx.pipeline(), ctx.name());
        } else {
            http1.installAfter(ctx.pipeline(), ctx.name(), null);
        }
    }
}
