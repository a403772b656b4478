package org.camelot.protocol.http.h3;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicResetTokenGenerator;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import org.camelot.protocol.DatagramEndpoint;
import org.camelot.protocol.http.HttpService;
import org.camelot.protocol.http.HttpSettings;

/**
 * The HTTP/3 side of a TLS {@code http} listener: QUIC on UDP with Netty's native codec (its own BoringSSL), TLS 1.3
 * from the listener's certificate and key with ALPN {@code h3}, and each request stream mapped onto the listener's
 * {@link HttpService} by an {@link Http3Stream}.
 *
 * <p>The server binds one datagram channel per event loop on the same port with {@code SO_REUSEPORT}; one
 * {@link QuicCodecDispatcher} shared by them encodes the socket's index in the connection ids it issues, so a
 * connection's packets reach the socket that holds it whichever socket the kernel hands them to. Address validation
 * with Retry tokens ({@link RetryTokens}) is on unless {@code quic-retry: false}; stateless resets use tokens signed
 * with a key made at start-up, the same for every socket of the listener.
 *
 * <p>The sockets' codecs ask the listener's current endpoint for each new connection's TLS engine and handlers, so
 * a reload (a renewed certificate, new routes) reaches new connections while the sockets stay bound and open
 * connections carry on; a reload that changes the {@code quic-*} limits gives new connections a codec built with
 * them ({@link QuicGenerations}).
 */
public final class Http3Endpoint implements DatagramEndpoint {

    private final HttpService service;
    private final HttpSettings settings;
    private final QuicSslContext sslContext;
    private final Http3Meters meters;
    private final AsciiString serverHeader;
    private final RetryTokens tokens;
    private final QuicLimits limits;
    private final QuicResetTokenGenerator resets = QuicResetTokenGenerator.signGenerator();
    private final ChannelHandler streamInitializer;
    private QuicCodecDispatcher dispatcher;

    /**
     * @param chain the listener's certificate chain, server certificate first
     * @param key   its private key
     */
    /**
     * The key and chain as a key manager factory, through an in-memory JKS store. {@code forServer(key, ...)} would
     * put them in a PKCS12 store, which protects the key with 10,000 rounds of PBKDF2-HMAC-SHA256 to store it and
     * again to read it back: 40-60 ms of start-up CPU, before the JIT has compiled SHA-256, for a store never written.
     */
    private static KeyManagerFactory keyManagers(List<X509Certificate> chain, PrivateKey key) {
        try {
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, none);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the certificate and key cannot be used for QUIC: " + e.getMessage(),
                    e);
        }
    }

    public Http3Endpoint(HttpService service, String listener, List<X509Certificate> chain, PrivateKey key,
                         MeterRegistry registry) {
        this.service = service;
        this.settings = service.settings();
        this.sslContext = QuicSslContextBuilder.forServer(keyManagers(chain, key), null)
                .applicationProtocols(Http3.supportedApplicationProtocols())
                .earlyData(false) // 0-RTT requests could be replayed
                .build();
        this.meters = new Http3Meters(listener, registry);
        this.serverHeader = settings.serverHeader().isEmpty() ? null : AsciiString.cached(settings.serverHeader());
        this.tokens = new RetryTokens(settings.quicRetry());
        this.limits = QuicLimits.of(settings);
        this.streamInitializer = new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel ch) {
                if (ch.parent().pipeline().get(Http3Connection.class) instanceof Http3Connection c) {
                    c.streamOpened(ch);
                }
                ch.pipeline().addLast("h3-stream", new Http3Stream(Http3Endpoint.this));
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        };
    }

    HttpService service() {
        return service;
    }

    AsciiString serverHeader() {
        return serverHeader;
    }

    Http3Meters meters() {
        return meters;
    }

    /** The client's address of a stream's or connection's channel, for logs. */
    String remote(ChannelHandlerContext ctx) {
        Channel c = ctx.channel();
        while (c != null && !(c instanceof QuicChannel)) {
            c = c.parent();
        }
        return c == null ? String.valueOf(ctx.channel().remoteAddress())
                : String.valueOf(((QuicChannel) c).remoteSocketAddress());
    }

    @Override
    public int port() {
        return settings.http3Port();
    }

    @Override
    public int channels() {
        return settings.http3Sockets();
    }

    @Override
    public String description() {
        return "HTTP/3 (QUIC" + (settings.quicRetry() ? ", Retry" : "") + ")";
    }

    @Override
    public void bound(InetSocketAddress address) {
        service.altSvc("h3=\":" + address.getPort() + "\"; ma=86400");
    }

    @Override
    public synchronized void initChannel(Channel channel, ChannelHandler connections,
                                         Supplier<DatagramEndpoint> current) {
        if (dispatcher == null) {
            dispatcher = new QuicCodecDispatcher() {
                @Override
                protected void initChannel(Channel ch, int localConnectionIdLength,
                                           QuicConnectionIdGenerator idGenerator) {
                    ch.pipeline().addLast("quic", new QuicGenerations(localConnectionIdLength, idGenerator,
                            () -> endpoint(current).limits,
                            (limits, ids, opened) -> codec(limits, localConnectionIdLength, ids, opened, connections,
                                    current)));
                }
            };
        }
        channel.pipeline().addLast("quic-dispatcher", dispatcher);
    }

    /**
     * A QUIC codec with the given limits. The Retry tokens' key and the stateless reset key are this endpoint's,
     * shared by every codec of the listener's sockets, so that a token or a reset made by one codec holds for all.
     */
    private ChannelHandler codec(QuicLimits limits, int idLength, QuicConnectionIdGenerator ids,
                                 Consumer<QuicChannel> opened, ChannelHandler connections,
                                 Supplier<DatagramEndpoint> current) {
        return Http3.newQuicServerCodecBuilder()
                .localConnectionIdLength(idLength)
                .connectionIdAddressGenerator(ids)
                .sslEngineProvider(q -> endpoint(current).sslContext.newEngine(q.alloc()))
                .maxIdleTimeout(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxRecvUdpPayloadSize(limits.maxUdpPayload())
                .maxSendUdpPayloadSize(limits.maxUdpPayload())
                .initialMaxData(limits.initialMaxData())
                .initialMaxStreamDataBidirectionalLocal(limits.initialMaxStreamData())
                .initialMaxStreamDataBidirectionalRemote(limits.initialMaxStreamData())
                .initialMaxStreamsBidirectional(limits.maxStreams())
                .tokenHandler(tokens.withRetry(limits.retry()))
                .resetTokenGenerator(resets)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel ch) {
                        opened.accept(ch);
                        ch.pipeline().addLast("connection", connections);
                        endpoint(current).initConnection(ch);
                    }
                })
                .build();
    }

    /** The endpoint new connections get: the current generation's, or this one if the listener changed shape. */
    private Http3Endpoint endpoint(Supplier<DatagramEndpoint> current) {
        return current.get() instanceof Http3Endpoint e ? e : this;
    }

    private void initConnection(QuicChannel ch) {
        ch.pipeline().addLast("h3-connection", new Http3Connection(meters));
        // the field section a request may carry, as QPACK counts it (RFC 9114 4.2.2); the codec refuses larger ones
        DefaultHttp3SettingsFrame local = new DefaultHttp3SettingsFrame();
        local.put(Http3SettingsFrame.HTTP3_SETTINGS_MAX_FIELD_SECTION_SIZE, (long) settings.http2MaxHeaderListSize());
        ch.pipeline().addLast("h3", new Http3ServerConnectionHandler(streamInitializer, null, null, local, true));
    }
}
