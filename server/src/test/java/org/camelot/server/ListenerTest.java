package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.camelot.server.testing.LineClient;
import org.camelot.server.testing.TlsClients;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Cleartext and TLS listeners running the upper protocol over real sockets. */
class ListenerTest {

    @TempDir
    static Path dir;

    static TestPki pki;
    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        server = RunningServer.start(dir, pki.tlsYaml(0) + """
                listeners:
                  plain:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    max-line-length: 64
                  secure:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls: true
                  mutual:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls: {client-auth: require}
                  tapped:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    wiretap: true
                  short-idle:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    idle-timeout: 300ms
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bindsAnEphemeralPortWhenAskedForPortZero() {
        assertNotEquals(0, server.port("plain"));
        assertNotEquals(server.port("plain"), server.port("secure"));
    }

    @Test
    void upperOverCleartext() throws Exception {
        try (LineClient c = LineClient.connect(server.loopback("plain"))) {
            c.send("hello\nsir launcelot\n");
            assertEquals("HELLO\n", c.readUntil('\n'));
            assertEquals("SIR LAUNCELOT\n", c.readUntil('\n'));
        }
    }

    @Test
    void overlongLineGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (LineClient c = LineClient.connect(server.loopback("plain"))) {
            c.send("x".repeat(200) + "\nstill here\n");
            assertEquals("ERROR line too long (max 64 bytes)\n", c.readUntil('\n'));
            assertEquals("STILL HERE\n", c.readUntil('\n'));
        }
    }

    @Test
    void upperOverTls13AndTls12() throws Exception {
        SSLContext ctx = TlsClients.context(pki, null);
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            try (LineClient c = TlsClients.connect(server.loopback("secure"), ctx, version)) {
                assertEquals(version, ((SSLSocket) c.socket()).getSession().getProtocol());
                c.send("grail\n");
                assertEquals("GRAIL\n", c.readUntil('\n'));
            }
        }
    }

    @Test
    void tls11IsRefused() throws Exception {
        SslContext old = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.1").trustManager(pki.ca().toTrustManagerFactory()).build();
        assertFalse(handshake(old, server.loopback("secure")), "a TLS 1.1 handshake must fail");
        SslContext current = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.2").trustManager(pki.ca().toTrustManagerFactory()).build();
        assertTrue(handshake(current, server.loopback("secure")), "the same client with TLS 1.2 succeeds");
    }

    private static boolean handshake(SslContext ctx, java.net.InetSocketAddress address) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler[] handler = new SslHandler[1];
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel c) {
                            handler[0] = ctx.newHandler(c.alloc(), "localhost", address.getPort());
                            c.pipeline().addLast(handler[0]);
                        }
                    }).connect(address).sync().channel();
            boolean ok = handler[0].handshakeFuture().await(5, TimeUnit.SECONDS) && handler[0].handshakeFuture().isSuccess();
            ch.close().sync();
            return ok;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void mutualTlsAcceptsATrustedClientCertificate() throws Exception {
        try (LineClient c = TlsClients.connect(server.loopback("mutual"), TlsClients.context(pki, pki.client()))) {
            c.send("knight\n");
            assertEquals("KNIGHT\n", c.readUntil('\n'));
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        assertRefused(TlsClients.context(pki, null));
    }

    @Test
    void mutualTlsRefusesACertificateFromAnotherCa() throws Exception {
        TestPki stranger = TestPki.create(dir.resolve("stranger"));
        assertRefused(TlsClients.context(pki, stranger.client()));
    }

    /** The client learns that its CA is unknown (not that the server failed: internal_error), in 1.3 and 1.2. */
    @Test
    void aCertificateFromAnotherCaGetsTheUnknownCaAlert() throws Exception {
        TestPki stranger = TestPki.create(dir.resolve("stranger-alert"));
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            Exception refused = assertThrows(Exception.class, () -> {
                try (LineClient c = TlsClients.connect(server.loopback("mutual"),
                        TlsClients.context(pki, stranger.client()), version)) {
                    c.send("knight\n");
                    c.readUntil('\n');
                }
            }, version);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
            assertTrue(messages.toString().contains("Received fatal alert: unknown_ca"), version + ": " + messages);
        }
    }

    private static void assertRefused(SSLContext ctx) {
        assertThrows(Exception.class, () -> {
            try (LineClient c = TlsClients.connect(server.loopback("mutual"), ctx, "TLSv1.3")) {
                c.send("knight\n");
                String answer = c.readUntil('\n');
                if (answer == null) {
                    throw new java.io.EOFException("closed");
                }
            }
        });
    }

    @Test
    void plainTextOnTheTlsPortIsLoggedAndDisturbsNoOtherConnection() throws Exception {
        ListAppender<ILoggingEvent> log = capture("camelot.tls");
        try (LineClient tls = TlsClients.connect(server.loopback("secure"), TlsClients.context(pki, null))) {
            try (LineClient plain = LineClient.connect(server.loopback("secure"))) {
                plain.send("GET / HTTP/1.0\r\n\r\n");
                assertTrue(plain.closedByPeer());
            }
            tls.send("still fine\n");
            assertEquals("STILL FINE\n", tls.readUntil('\n'));
        } finally {
            release("camelot.tls", log);
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("TLS handshake with /127.0.0.1")
                && e.getFormattedMessage().contains("failed")), "handshake failure logged with the peer");
    }

    @Test
    void wiretapLogsEveryByteAsAHexDump() throws Exception {
        ListAppender<ILoggingEvent> log = capture("camelot.wiretap.tapped");
        try (LineClient c = LineClient.connect(server.loopback("tapped"))) {
            c.send("tap\n");
            assertEquals("TAP\n", c.readUntil('\n'));
        } finally {
            Thread.sleep(100);
            release("camelot.wiretap.tapped", log);
        }
        String all = String.join("\n", log.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(all.contains("READ: 4B"), all);
        assertTrue(all.contains("74 61 70 0a"), all);
        assertTrue(all.contains("54 41 50 0a"), all);
    }

    @Test
    void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (LineClient c = LineClient.connect(server.loopback("short-idle"))) {
            c.send("a\n");
            assertEquals("A\n", c.readUntil('\n'));
            long start = System.nanoTime();
            assertTrue(c.closedByPeer());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    static ListAppender<ILoggingEvent> capture(String logger) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(appender);
        return appender;
    }

    static void release(String logger, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(logger)).detachAppender(appender);
    }
}
