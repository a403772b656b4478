package org.camelot.client.bench;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * HTTP/3 requests, {@code streams} at once on each QUIC connection, with Netty's QUIC and HTTP/3 codecs. A
 * connection is a connected UDP socket of its own carrying one QUIC connection, made when the first stream needs it;
 * each request is a request stream of its own ({@link Http3RequestHandler}).
 */
final class Http3Workload implements Workload {

    /** The socket's QUIC connection, once its handshake is done. */
    private static final AttributeKey<Promise<QuicChannel>> QUIC = AttributeKey.valueOf("http3-quic");

    private final URI uri;
    private final HttpMethod method;
    private final InetSocketAddress remote;
    private final QuicSslContext tls;
    private final int streams;
    private final Http3Headers request;

    /**
     * @param caFile   PEM CA certificates to trust, or {@code null} for the JDK's defaults
     * @param insecure trust any certificate for any name (testing only)
     * @param streams  requests in flight at once on each connection
     */
    Http3Workload(URI uri, HttpMethod method, Path caFile, boolean insecure, int streams) throws SSLException {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("--http3 needs an https:// URL (QUIC is always TLS)");
        }
        if (streams < 1) {
            throw new IllegalArgumentException("--streams " + streams + ": expected at least 1");
        }
        if (!Quic.isAvailable()) {
            throw new IllegalArgumentException("HTTP/3 is not available here: the native QUIC library cannot load ("
                    + Quic.unavailabilityCause() + ")");
        }
        this.uri = uri;
        this.method = method;
        this.remote = new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443);
        this.streams = streams;
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient()
                .applicationProtocols(Http3.supportedApplicationProtocols());
        if (insecure) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
            if (caFile != null) {
                if (!Files.isRegularFile(caFile)) {
                    throw new SSLException("--cacert " + caFile + ": no such file");
                }
                b.trustManager(caFile.toFile());
            }
        }
        this.tls = b.build();
        String p = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.request = new DefaultHttp3Headers().method(method.name()).scheme("https")
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
    public boolean datagram() {
        return true;
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public String operation() {
        return "request (HTTP/3, " + streams + (streams == 1 ? " stream" : " streams") + " per connection)";
    }

    @Override
    public String protocol() {
        return "HTTP/3";
    }

    @Override
    public int streams() {
        return streams;
    }

    @Override
    public void initChannel(Channel ch) {
        ch.pipeline().addLast("quic", Http3.newQuicClientCodecBuilder()
                .sslEngineProvider(q -> tls.newEngine(q.alloc(), remote.getHostString(), remote.getPort()))
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .build());
    }

    @Override
    public Future<Channel> openStream(Channel connection) {
        Promise<Channel> opened = connection.eventLoop().newPromise();
        quic(connection).addListener((Future<QuicChannel> ready) -> {
            if (!ready.isSuccess()) {
                opened.tryFailure(ready.cause());
                return;
            }
            Http3.newRequestStream(ready.getNow(), new Http3RequestHandler(request)).addListener(f -> {
                if (f.isSuccess()) {
                    opened.trySuccess((Channel) f.getNow());
                } else {
                    opened.tryFailure(f.cause());
                }
            });
        });
        return opened;
    }

    /** The socket's QUIC connection, started by the first stream that needs it; on the socket's event loop. */
    private Promise<QuicChannel> quic(Channel udp) {
        Promise<QuicChannel> ready = udp.attr(QUIC).get();
        if (ready == null) {
            Promise<QuicChannel> p = udp.eventLoop().newPromise();
            udp.attr(QUIC).set(p);
            QuicChannel.newBootstrap(udp).handler(new Http3ClientConnectionHandler()).remoteAddress(remote).connect()
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
            udp.closeFuture().addListener(c -> p.tryFailure(new java.nio.channels.ClosedChannelException()));
            ready = p;
        }
        return ready;
    }
}
