package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.camelot.client.tls.ClientTls;

/**
 * HTTP/3 requests, {@code streams} at once on each QUIC connection, with Netty's QUIC and HTTP/3 codecs. A
 * connection is a connected UDP socket of its own carrying one QUIC connection, made when the first stream needs it;
 * each request is a request stream of its own ({@link Http3RequestHandler}).
 */
public final class Http3Workload extends HttpWorkload {

    /** The socket's QUIC connection, once its handshake is done. */
    private static final AttributeKey<Promise<QuicChannel>> QUIC = AttributeKey.valueOf("http3-quic");

    private final QuicSslContext tls;
    private final Http3Headers request;

    /**
     * @param tls     the server's certificate checks
     * @param streams requests in flight at once on each connection
     * @throws IllegalArgumentException a URL that is not https://, fewer than one stream, or no QUIC on this machine
     */
    public Http3Workload(URI uri, HttpMethod method, ClientTls tls, int streams) {
        super(HttpTarget.of(uri, method), streams, "HTTP/3");
        if (!target.tls()) {
            throw new IllegalArgumentException("--http3 needs an https:// URL (QUIC is always TLS)");
        }
        if (!Quic.isAvailable()) {
            throw new IllegalArgumentException("HTTP/3 is not available here: the native QUIC library cannot load ("
                    + Quic.unavailabilityCause() + ")");
        }
        this.tls = tls.quic(remote().getHostString(), null, Http3.supportedApplicationProtocols());
        this.request = new DefaultHttp3Headers().method(method.name()).scheme("https")
                .authority(target.authority()).path(target.pathAndQuery());
        request.set("user-agent", "camelot-bench");
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public void initChannel(Channel ch) {
        ch.pipeline().addLast("quic", Http3.newQuicClientCodecBuilder()
                .sslEngineProvider(q -> tls.newEngine(q.alloc(), remote().getHostString(), remote().getPort()))
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .build());
    }

    @Override
    protected Future<QuicChannel> ready(Channel udp) {
        return quic(udp);
    }

    @Override
    protected Future<? extends Channel> newStream(Channel ready) {
        return Http3.newRequestStream((QuicChannel) ready, new Http3RequestHandler(request));
    }

    /** The socket's QUIC connection, started by the first stream that needs it; on the socket's event loop. */
    private Promise<QuicChannel> quic(Channel udp) {
        Promise<QuicChannel> ready = udp.attr(QUIC).get();
        if (ready == null) {
            Promise<QuicChannel> p = udp.eventLoop().newPromise();
            udp.attr(QUIC).set(p);
            QuicChannel.newBootstrap(udp).handler(new Http3ClientConnectionHandler()).remoteAddress(remote()).connect()
                    .addListener((Future<QuicChannel> f) -> {
                        if (f.isSuccess()) {
                            p.trySuccess(f.getNow());
                            // the socket serves this one connection: it goes with it
                            f.getNow().closeFuture().addListener(c -> udp.close());
                        } else {
                            p.tryFailure(f.cause());
                            udp.close();
                        }
                    });
            udp.closeFuture().addListener(c -> p.tryFailure(new ClosedChannelException()));
            ready = p;
        }
        return ready;
    }
}
