package org.camelot.protocol.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
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
    private final HttpDecoderConfig decoderConfig;

    HttpProtocol(String listener, HttpSettings settings, RouteTable routes, boolean tls, Executor blocking) {
        this.settings = settings;
        this.routes = routes;
        this.tls = tls;
        this.blocking = blocking;
        this.answers = new Answers(settings);
        this.accessLog = new AccessLog(listener);
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
        p.addLast("http-decoder", new HttpRequestDecoder(decoderConfig.clone()));
        p.addLast("http", new HttpConnection(this, clock));
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

    AccessLog accessLog() {
        return accessLog;
    }

    @Override
    public void close() {
        routes.close();
    }
}
