package org.camelot.protocol.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.concurrent.Executor;
import org.camelot.protocol.Protocol;

/** One {@code http} listener: its routes, and per connection a clock, a request decoder and a connection handler. */
final class HttpProtocol implements Protocol {

    private final HttpSettings settings;
    private final RouteTable routes;
    private final boolean tls;
    private final Executor blocking;
    private final Answers answers;
    private final AccessLog accessLog;
    private final RequestMeters requestMeters;
    private final HttpDecoderConfig decoderConfig;

    HttpProtocol(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking,
                 MeterRegistry meters) {
        this.settings = settings;
        this.routes = routes;
        this.tls = tls;
        this.blocking = blocking;
        this.answers = new Answers(settings);
        this.accessLog = new AccessLog(listener);
        this.requestMeters = new RequestMeters(listener, meters);
        // The request line and the header block each get their own limit, so each excess has its own status.
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(true)
                .setStrictLineParsing(true);
    }

    @Override
    public void initChannel(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        ConnectionClock clock = new ConnectionClock(settings.keepAliveTimeout().toNanos(),
                settings.requestTimeout().toNanos());
        p.addLast("http-clock", clock);
        RequestDecoder decoder = new RequestDecoder(decoderConfig.clone());
        p.addLast("http-decoder", decoder);
        p.addLast("http", new HttpConnection(this, clock, decoder));
    }

    HttpSettings settings() {
        return settings;
    }

    RouteTable routes() {
        return routes;
    }

    boolean tls() {
        return tls;
    }

    Executor blocking() {
        return blocking;
    }

    Answers answers() {
        return answers;
    }

    RequestMeters requestMeters() {
        return requestMeters;
    }

    AccessLog accessLog() {
        return accessLog;
    }

    @Override
    public void close() {
        routes.close();
    }
}
