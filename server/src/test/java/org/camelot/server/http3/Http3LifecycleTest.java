package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.DaemonStatus;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/3 address validation, drain and configuration: a first Initial packet is answered with a Retry and nothing
 * bigger, a forged token with nothing; a drain lets an in-flight HTTP/3 request finish, then closes the connection;
 * {@code http3} needs TLS and the QUIC limits are validated.
 */
class Http3LifecycleTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    /** A QUIC v1 Initial long header with a random payload, padded to the 1200 bytes a client must send. */
    static byte[] initial(byte[] token) {
        Random random = new Random();
        ByteBuffer b = ByteBuffer.allocate(1200);
        b.put((byte) 0xC3).putInt(1);
        byte[] dcid = new byte[8];
        byte[] scid = new byte[8];
        random.nextBytes(dcid);
        random.nextBytes(scid);
        b.put((byte) 8).put(dcid).put((byte) 8).put(scid);
        b.put((byte) (0x40 | token.length >> 8)).put((byte) token.length).put(token);
        int rest = b.remaining() - 2;
        b.put((byte) (0x40 | rest >> 8)).put((byte) rest);
        byte[] payload = new byte[rest];
        random.nextBytes(payload);
        b.put(payload);
        return b.array();
    }

    /** Sends one datagram to the listener's UDP port; the answer, or {@code null} when none comes. */
    static byte[] exchange(int port, byte[] datagram) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(1500);
            s.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress("127.0.0.1", port)));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] out = new byte[p.getLength()];
            System.arraycopy(buf, 0, out, 0, out.length);
            return out;
        }
    }

    @Test
    void aFirstInitialIsAnsweredWithASmallRetryAndAForgedTokenWithNothing() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        try (RunningServer server = daemon.start(site.yaml(""))) {
            int port = server.port("webs");
            byte[] answer = exchange(port, initial(new byte[0]));
            assertTrue(answer != null, "an Initial without a token gets an answer");
            // long header, fixed bit, packet type 3: Retry (RFC 9000 17.2.5)
            assertEquals(0xF0, answer[0] & 0xF0, "a Retry packet");
            assertTrue(answer.length < 200, "a Retry is small: " + answer.length + " bytes for 1200 received");
            byte[] forged = new byte[60];
            new Random().nextBytes(forged);
            assertNull(exchange(port, initial(forged)), "a forged token gets no answer at all");
            // a real client follows the Retry and is served
            try (H3Client c = new H3Client(port, site.pki().caPem())) {
                assertEquals(H3Site.MOTTO, c.get("/motto.txt").text());
            }
        }
    }

    @Test
    void withoutValidationNoRetryIsSent() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        try (RunningServer server = daemon.start(site.yaml("    quic-retry: false\n"))) {
            int port = server.port("webs");
            byte[] answer = exchange(port, initial(new byte[0]));
            assertTrue(answer == null || (answer[0] & 0xF0) != 0xF0, "no Retry");
            try (H3Client c = new H3Client(port, site.pki().caPem())) {
                assertEquals(H3Site.MOTTO, c.get("/motto.txt").text());
            }
        }
    }

    @Test
    void aDrainFinishesAnInFlightRequestThenClosesTheConnection() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        RunningServer server = daemon.start(site.yaml(""));
        try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem(), 64 * 1024)) {
            H3Client.Request r = c.open("GET", "/big.bin", false, "range", "bytes=0-2999999");
            assertEquals(206, r.head.get(30, TimeUnit.SECONDS));
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(60)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.server().state() != DaemonStatus.State.DRAINING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(DaemonStatus.State.DRAINING, server.server().state());
            assertTrue(r.received() < 3_000_000, "the answer is still in flight when the drain starts");
            r.resume();
            assertArrayEquals(Arrays.copyOf(H3Site.big(), 3_000_000), r.answer.get(60, TimeUnit.SECONDS).body(),
                    "the whole answer");
            assertTrue(c.connection().closeFuture().await(30, TimeUnit.SECONDS),
                    "the server closes the connection once its streams are done");
            stopped.get(60, TimeUnit.SECONDS);
            assertEquals(DaemonStatus.State.STOPPED, server.server().state());
        } finally {
            server.close();
        }
    }

    @Test
    void aReloadRenewsTheCertificateForNewQuicConnectionsOnTheSameSockets() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        try (RunningServer server = daemon.start(site.yaml(""))) {
            int port = server.port("webs");
            H3Client before = new H3Client(port, site.pki().caPem());
            assertEquals(H3Site.MOTTO, before.get("/motto.txt").text());
            TestPki renewed = TestPki.create(daemon.dir().resolve("renewed"));
            String yaml = site.yaml("").replace(site.pki().tlsYaml(4), renewed.tlsYaml(4));
            Files.writeString(server.configFile(), yaml);
            server.server().reload(new ConfigLoader().load(server.configFile(), List.of()));
            assertEquals(port, server.port("webs"));
            // new connections get the new certificate; the old CA no longer verifies it
            try (H3Client after = new H3Client(port, renewed.caPem())) {
                assertEquals(H3Site.MOTTO, after.get("/motto.txt").text());
            }
            assertThrows(Exception.class, () -> new H3Client(port, site.pki().caPem()).close());
            // the connection opened before the reload carries on
            assertEquals(H3Site.MOTTO, before.get("/motto.txt").text());
            before.close();
        }
    }

    @Test
    void connectionLimitsCountQuicConnectionsBySource() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        try (RunningServer server = daemon.start(site.yaml("    max-connections-per-client: 1\n"))) {
            int port = server.port("webs");
            try (H3Client first = new H3Client(port, site.pki().caPem())) {
                assertEquals(H3Site.MOTTO, first.get("/motto.txt").text());
                assertThrows(Exception.class, () -> {
                    try (H3Client second = new H3Client(port, site.pki().caPem())) {
                        second.get("/motto.txt");
                    }
                }, "a second QUIC connection from the same address is refused");
                assertTrue(server.server().guard("webs").refusedCount("max-connections-per-client") >= 1);
            }
        }
    }

    @Test
    void proxyProtocolWithHttp3IsAWarningAndQuicClientsAreSeenAtTheirAddress() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        ch.qos.logback.classic.Logger binder = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("org.camelot.server.StreamListener");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        binder.addAppender(logged);
        try (RunningServer server = daemon.start(site.yaml("    proxy-protocol: true\n"))) {
            assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                    && e.getFormattedMessage().contains("proxy-protocol applies to its TCP connections only")),
                    "a warning at start-up");
            try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem())) {
                assertEquals(H3Site.MOTTO, c.get("/motto.txt").text());
            }
        } finally {
            binder.detachAppender(logged);
        }
    }

    @Test
    void http3NeedsTlsAndValidLimits() throws Exception {
        H3Site site = H3Site.create(daemon.dir());
        String cleartext = "listeners:\n  web:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n"
                + "    http3: true\n    routes:\n      files:\n        root: " + site.root() + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> daemon.start(cleartext));
        assertTrue(e.getMessage().contains("listeners.web.http3") && e.getMessage().contains("tls"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> daemon.start(site.yaml("    http3: maybe\n")
                .replace("    http3: true\n    http3: maybe\n", "    http3: maybe\n")));
        assertTrue(e.getMessage().contains("http3") && e.getMessage().contains("false, true or required"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> daemon.start(site.yaml("    quic-max-udp-payload: 100\n")));
        assertTrue(e.getMessage().contains("quic-max-udp-payload") && e.getMessage().contains("1200"), e.getMessage());
    }
}
