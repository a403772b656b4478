package org.camelot.protocol.http.h1;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.HttpSettings;

/**
 * The HTTP/1.1 wire of a listener (HTTP/1.0 too): per connection a clock, Netty's request decoder with the
 * listener's limits, and a {@link HttpConnection} that has the {@link HttpService} answer and writes the answers in
 * request order.
 */
public final class Http1Wire {

    /** Handler names, so that an upgrade to HTTP/2 can take them out. */
    public static final String CLOCK = "http-clock";
    public static final String DECODER = "http-decoder";
    public static final String CONNECTION = "http";

    private final HttpService service;
    private final HttpDecoderConfig decoderConfig;
    private final byte[] serverLine;
    /** The {@code Alt-Svc} line it was made for, and {@code Server} with it. */
    private volatile byte[][] withAltSvc;

    public Http1Wire(HttpService service) {
        this.service = service;
        HttpSettings settings = service.settings();
        // The request line and the header block each get their own limit, so each excess has its own status.
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxRequestLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(true)
                .setStrictLineParsing(true);
        this.serverLine = settings.serverHeader().isEmpty() ? new byte[0]
                : ("Server: " + settings.serverHeader() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    HttpService service() {
        return service;
    }

    /** {@code Server} and, when the listener also serves HTTP/3, {@code Alt-Svc}. */
    byte[] serverLine() {
        byte[] alt = service.altSvcLine();
        if (alt.length == 0) {
            return serverLine;
        }
        byte[][] c = withAltSvc;
        if (c == null || c[0] != alt) {
            byte[] line = java.util.Arrays.copyOf(serverLine, serverLine.length + alt.length);
            System.arraycopy(alt, 0, line, serverLine.length, alt.length);
            c = new byte[][] {alt, line};
            withAltSvc = c;
        }
        return c[1];
    }

    /** Adds the wire's handlers at the end of the pipeline. */
    public void install(ChannelPipeline p) {
        ConnectionClock clock = clock();
        RequestDecoder decoder = decoder();
        p.addLast(CLOCK, clock);
        p.addLast(DECODER, decoder);
        p.addLast(CONNECTION, new HttpConnection(this, clock, decoder));
    }

    /**
     * Adds the wire's handlers after {@code base}; {@code wrap}, when not {@code null}, puts the request decoder in
     * a handler of its own (e.g. a codec that an upgrade to HTTP/2 takes out).
     */
    public void installAfter(ChannelPipeline p, String base, Function<HttpRequestDecoder, ChannelHandler> wrap) {
        ConnectionClock clock = clock();
        RequestDecoder decoder = decoder();
        p.addAfter(base, CLOCK, clock);
        p.addAfter(CLOCK, DECODER, wrap != null ? wrap.apply(decoder) : decoder);
        p.addAfter(DECODER, CONNECTION, new HttpConnection(this, clock, decoder));
    }

    /** Netty's request decoder with the listener's limits. */
    RequestDecoder decoder() {
        return new RequestDecoder(decoderConfig.clone());
    }

    /** The decoder's configuration, for a codec that wraps its own decoder. */
    public HttpDecoderConfig decoderConfig() {
        return decoderConfig.clone();
    }

    private ConnectionClock clock() {
        HttpSettings s = service.settings();
        return new ConnectionClock(s.keepAliveTimeout().toNanos(), s.requestTimeout().toNanos());
    }
}
