package org.camelot.protocol.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.quic.Quic;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import org.camelot.protocol.DatagramEndpoint;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.http.h1.Http1Wire;
import org.camelot.protocol.http.h2.AlpnWires;
import org.camelot.protocol.http.h2.H2cUpgrade;
import org.camelot.protocol.http.h2.Http2Wire;
import org.camelot.protocol.http.h2.PriorKnowledge;
import org.camelot.protocol.http.h3.Http3Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code http} listener: its semantics ({@link HttpService}) under the wires its connections speak. Over TLS
 * the wire is chosen by ALPN ({@code h2} preferred); over cleartext a connection starts as HTTP/1.1 unless its
 * first bytes are the HTTP/2 preface, and may upgrade with {@code Upgrade: h2c}. With {@code http2: false} every
 * connection is HTTP/1.1. With {@code http3} a TLS listener also serves HTTP/3 on UDP ({@link Http3Endpoint}).
 */
final class HttpProtocol implements Protocol {

    private static final Logger log = LoggerFactory.getLogger(HttpProtocol.class);
    private static final String PRIOR_KNOWLEDGE = "h2c-preface";
    private static final String ALPN = "alpn";

    private final HttpService service;
    private final Http1Wire http1;
    private final Http2Wire http2;
    private final Http3Endpoint http3;
    private final String http3Unavailable;

    /**
     * @param chain the listener's TLS certificate chain (for HTTP/3), empty on a cleartext listener
     * @param key   its private key, or {@code null}
     */
    HttpProtocol(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking,
                 MeterRegistry meters, List<X509Certificate> chain, PrivateKey key) {
        this.service = new HttpService(listener, settings, routes, tls, blocking, meters);
        this.http1 = new Http1Wire(service);
        this.http2 = settings.http2() ? new Http2Wire(service, listener, meters) : null;
        HttpSettings.Http3 mode = settings.http3Mode();
        if (mode != HttpSettings.Http3.OFF && !Quic.isAvailable()) {
            Throwable cause = Quic.unavailabilityCause();
            this.http3Unavailable = "listener " + listener + ": HTTP/3 is not available here, the native QUIC library "
                    + "cannot load (" + (cause == null ? "unknown cause" : cause.toString()) + ")";
            this.http3 = null;
            if (mode == HttpSettings.Http3.ON) {
                log.warn("{}; serving HTTP/1.1 and HTTP/2 only", http3Unavailable);
            }
        } else {
            this.http3Unavailable = null;
            this.http3 = mode == HttpSettings.Http3.OFF ? null
                    : new Http3Endpoint(service, listener, chain, key, meters);
        }
    }

    /** The HTTP/3 side, or {@code null}; fails when {@code http3: required} and QUIC cannot load. */
    @Override
    public DatagramEndpoint datagramEndpoint() {
        if (http3 == null && http3Unavailable != null
                && service.settings().http3Mode() == HttpSettings.Http3.REQUIRED) {
            throw new IllegalStateException(http3Unavailable + ", and the listener has http3: required");
        }
        return http3;
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
