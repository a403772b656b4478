package org.camelot.client.bench.workload;

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
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import org.camelot.client.http.Http1AnswerCheck;
import org.camelot.client.http.NoHttp2Exception;

/**
 * HTTP/2 requests, {@code streams} at once on each connection ({@code h2} by ALPN over TLS, prior knowledge over
 * cleartext), with Netty's {@code Http2FrameCodec} and {@code Http2MultiplexHandler}: each request is a stream of
 * its own ({@link Http2RequestHandler}).
 */
public final class Http2Workload extends HttpWorkload {

    /** Completed with the connection once it speaks HTTP/2, or failed with {@link NoHttp2Exception}. */
    private static final AttributeKey<Promise<Channel>> READY = AttributeKey.valueOf("http2-ready");

    private final SslContext tls;
    private final Http2Headers request;

    /**
     * @param tls     the TLS context (offering h2 by ALPN) for an https URL, else {@code null}
     * @param streams requests in flight at once on each connection
     * @throws IllegalArgumentException a URL that is not http:// or https://, an https URL without {@code tls}, or
     *                                  fewer than one stream
     */
    public Http2Workload(URI uri, HttpMethod method, SslContext tls, int streams) {
        super(HttpTarget.of(uri, method), streams, "HTTP/2");
        this.tls = Http1Workload.tlsFor(target, tls);
        this.request = new DefaultHttp2Headers().method(method.name()).scheme(target.tls() ? "https" : "http")
                .authority(target.authority()).path(target.pathAndQuery());
        request.set("user-agent", "camelot-bench");
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
        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), remote().getHostString(), remote().getPort()));
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
    protected Future<Channel> ready(Channel connection) {
        return connection.attr(READY).get();
    }

    @Override
    protected Future<? extends Channel> newStream(Channel ready) {
        return new Http2StreamChannelBootstrap(ready).handler(new Http2RequestHandler(request)).open();
    }
}
