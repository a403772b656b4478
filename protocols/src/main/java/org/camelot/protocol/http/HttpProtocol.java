package org.camelot.protocol.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.Executor;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.http.h1.Http1Wire;
import org.camelot.protocol.http.h2.AlpnWires;
import org.camelot.protocol.http.h2.H2cUpgrade;
import org.camelot.protocol.http.h2.Http2Wire;
import org.camelot.protocol.http.h2.PriorKnowledge;

/**
 * One {@code http} listener: its semantics ({@link HttpService}) under the wires its connections speak. Over TLS
 * the wire is chosen by ALPN ({@code h2} preferred); over cleartext a connection starts as HTTP/1.1 unless its
 * first bytes are the HTTP/2 preface, and may upgrade with {@code Upgrade: h2c}. With {@code http2: false} every
 * connection is HTTP/1.1.
 */
final class HttpProtocol implements Protocol {

    private static final String PRIOR_KNOWLEDGE = "h2c-preface";
    private static final String ALPN = "alpn";

    private final HttpService service;
    private final Http1Wire http1;
    private final Http2Wire http2;

    HttpProtocol(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking,
                 MeterRegistry meters) {
        this.service = new HttpService(listener, settings, routes, tls, blocking, meters);
        this.http1 = new Http1Wire(service);
        this.http2 = settings.http2() ? new Http2Wire(service, listener, meters) : null;
    }

    @Override
    public void initChannel(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        if (http2 == null) {
            http1.install(p);
        } else if (service.tls()) {
            p.addLast(ALPN, new AlpnWires(http1, http2));
        } else {
            p.addLast(PRIOR_KNOWLEDGE, new PriorKnowledge(http2));
            H2cUpgrade.installAfter(p, PRIOR_KNOWLEDGE, http1, http2);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
