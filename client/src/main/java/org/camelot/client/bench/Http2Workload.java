package org.camelot.client.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.net.URI;
import org.camelot.client.http.Http1AnswerCheck;
import org.camelot.client.http.NoHttp2Exception;

/**
 * HTTP/2 requests, {@code streams} at once on each connection ({@code h2} by ALPN over TLS, prior knowledge over
 * cleartext), with Netty's {@code Http2FrameCodec} and {@code Http2MultiplexHandler}: each request is a stream of
 * its own, opened by {@link #openStream}.
 */
final class Http2Workload implements Workload {

    /** Completed with the connection once it speaks HTTP/2, or failed with {@link NoHttp2Exception}. */
    private static final AttributeKey<Promise<Channel>> READY = AttributeKey.valueOf("http2-ready");

    private final URI uri;
    private final HttpMethod method;
    private final InetSocketAddress remote;
    private final ClientTls tls;
    private final int streams;
    private final Http2Headers request;

    /**
     * @param tls     the TLS context (offering h2 by ALPN) for an https URL, else {@code null}
     * @param streams requests in flight at once on each connection
     */
    Http2Workload(URI uri, HttpMethod method, ClientTls tls, int streams) {
        this.remote = HttpWorkload.remote(uri, tls);
        if (streams < 1) {
            throw new IllegalArgumentException("--streams " + streams + ": expected at least 1");
        }
        this.uri = uri;
        this.method = method;
        this.tls = "https".equalsIgnoreCase(uri.getScheme()) ? tls : null;
        this.streams = streams;
        String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.request = new DefaultHttp2Headers().method(method.name()).scheme(this.tls != null ? "https" : "http")
                .authority(uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost())
                .path(uri.getRawQuery() == null ? p : p + "?" + uri.getRawQuery());
        request.set("user-agent", "camelot-bench");
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String target() {
        return method + " " + uri;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public String operation() {
        return "request (HTTP/2, " + streams + (streams == 1 ? " stream" : " streams") + " per connection)";
    }

    @Override
    public String protocol() {
        return "HTTP/2";
    }

    @Override
    public int streams() {
        return streams;
    }

    @Override
    public void initChannel(Channel ch) {
        Promise<Channel> ready = ch.eventLoop().newPromise();
        ch.attr(READY).set(ready);
        if (tls == null) {
            ch.pipeline().addLast("h1-check", new Http1AnswerCheck());
            addHttp2(ch);
            ready.setSuccess(ch);
            return;
        }
        ch.pipeline().addLast("tls", tls.newHandler(ch, remote));
        ch.pipeline().addLast("alpn", new ApplicationProtocolNegotiationHandler("none") {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (protocol.equals(ApplicationProtocolNames.HTTP_2)) {
                    addHttp2(ctx.channel());
                    ready.trySuccess(ctx.channel());
                } else {
                    ready.tryFailure(new NoHttp2Exception("the server does not speak HTTP/2 (ALPN: " + protocol + ")"));
                    ctx.close();
                }
            }

            @Override
            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                ready.tryFailure(cause);
                ctx.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ready.tryFailure(cause);
                ctx.close();
            }
        });
        ch.closeFuture().addListener(f -> ready.tryFailure(new ClosedChannelException()));
    }

    private static void addHttp2(Channel ch) {
        // Streams beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS wait in the codec rather than fail.
        ch.pipeline().addLast("http2", Http2FrameCodecBuilder.forClient().encoderEnforceMaxConcurrentStreams(true)
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)
                        .initialWindowSize(Http2ConnectionWatch.WINDOW)).build());
        ch.pipeline().addLast("streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
        ch.pipeline().addLast("connection", new Http2ConnectionWatch());
    }

    @Override
    public boolean takesStreams(Channel connection) {
        return connection.isActive() && !goingAway(connection);
    }

    /** Whether the server sent a GOAWAY on {@code connection} (nginx does after keepalive_requests requests). */
    static boolean goingAway(Channel connection) {
        Http2FrameCodec codec = connection == null ? null : connection.pipeline().get(Http2FrameCodec.class);
        return codec != null && codec.connection().goAwayReceived();
    }

    @Override
    public Future<Channel> openStream(Channel connection) {
        Promise<Channel> opened = connection.eventLoop().newPromise();
        connection.attr(READY).get().addListener((Future<Channel> ready) -> {
            if (!ready.isSuccess()) {
                opened.tryFailure(ready.cause());
                return;
            }
            new Http2StreamChannelBootstrap(connection).handler(new Http2RequestHandler(request)).open()
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            opened.trySuccess((Channel) f.getNow());
                        } else {
                            opened.tryFailure(f.cause());
                        }
                    });
        });
        return opened;
    }
}
