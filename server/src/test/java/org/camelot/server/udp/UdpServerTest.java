package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.camelot.protocol.udp.UdpCounters;
import org.camelot.protocol.udp.UdpProtocol;
import org.camelot.server.DatagramListener;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The udp protocol on a real daemon over IPv4 loopback, with the default transport (epoll on Linux). */
class UdpServerTest {

    static final String YAML = """
            listeners:
              echo:
                protocol: udp
                host: 127.0.0.1
                port: 0
                mode: echo
                threads: 2
              upper:
                protocol: udp
                host: 127.0.0.1
                port: 0
                threads: 2
              log:
                protocol: udp
                host: 127.0.0.1
                port: 0
                mode: log
                threads: 1
              small:
                protocol: udp
                host: 127.0.0.1
                port: 0
                mode: echo
                max-datagram-size: 1000
                threads: 1
              limited:
                protocol: udp
                host: 127.0.0.1
                port: 0
                mode: echo
                threads: 2
                rate-limit: 1
                rate-limit-burst: 5
            """;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(YAML);

    static UdpCounters counters(String listener) {
        return ((UdpProtocol) server.server().listeners().get(listener).protocol()).counters();
    }

    /** Waits until a counter reaches a value: the server counts after the client has its reply. */
    static long await(LongSupplier counter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return counter.getAsLong();
    }

    @Test
    void echoSendsTheSameBytesBackToTheSender() throws Exception {
        byte[] binary = HexFormat.of().parseHex("00ff10c0af68690a80");
        try (UdpPeer peer = UdpPeer.ipv4()) {
            assertArrayEquals(binary, peer.exchange(binary, server.loopback("echo")));
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII),
                    peer.exchange("hello".getBytes(StandardCharsets.US_ASCII), server.loopback("echo")));
        }
    }

    @Test
    void upperSendsTheTextBackInUpperCaseAndPassesInvalidUtf8Through() throws Exception {
        try (UdpPeer peer = UdpPeer.ipv4()) {
            assertEquals("HELLO, STRASSE €",
                    new String(peer.exchange("hello, straße €".getBytes(StandardCharsets.UTF_8),
                            server.loopback("upper")), StandardCharsets.UTF_8));
            byte[] broken = HexFormat.of().parseHex("61ff62e282c0af63");
            assertEquals("41ff42e282c0af43", HexFormat.of().formatHex(peer.exchange(broken, server.loopback("upper"))));
        }
    }

    @Test
    void logWritesTheSenderAndTheEscapedTextAndAnswersNothing() throws Exception {
        try (DatagramLogCapture log = new DatagramLogCapture("camelot.udp.log"); UdpPeer peer = UdpPeer.ipv4()) {
            long before = counters("log").logged();
            peer.send("hello".getBytes(StandardCharsets.UTF_8), server.loopback("log"));
            peer.send(HexFormat.of().parseHex("6869ff0a22"), server.loopback("log"));
            int port = peer.localAddress().getPort();
            assertEquals(List.of("client 127.0.0.1:" + port + " sent \"hello\"",
                    "client 127.0.0.1:" + port + " sent \"hi\\xff\\n\\\"\""), log.await(2));
            assertNull(peer.receive(server.loopback("log"), 300));
            assertEquals(before + 2, counters("log").logged());
        }
    }

    @Test
    void roundTripsA60000ByteDatagram() throws Exception {
        byte[] big = new byte[60_000];
        new Random(1).nextBytes(big);
        String text = "abcdefghij".repeat(6_000);
        try (UdpPeer peer = UdpPeer.ipv4()) {
            assertArrayEquals(big, peer.exchange(big, server.loopback("echo")));
            assertEquals(text.toUpperCase(), new String(peer.exchange(text.getBytes(StandardCharsets.US_ASCII),
                    server.loopback("upper")), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void roundTripsTheLargestIpv4Datagram() throws Exception {
        byte[] largest = new byte[65_507];
        new Random(2).nextBytes(largest);
        try (UdpPeer peer = UdpPeer.ipv4()) {
            assertArrayEquals(largest, peer.exchange(largest, server.loopback("echo")));
        }
    }

    @Test
    void dropsAndCountsADatagramOverTheMaximumInsteadOfAnsweringPartOfIt() throws Exception {
        long before = counters("small").oversize();
        try (UdpPeer peer = UdpPeer.ipv4()) {
            peer.send(new byte[1001], server.loopback("small"));
            peer.send(new byte[30_000], server.loopback("small"));
            assertEquals(1000, peer.exchange(new byte[1000], server.loopback("small")).length);
            assertNull(peer.receive(server.loopback("small"), 300));
        }
        assertEquals(before + 2, await(() -> counters("small").oversize(), before + 2));
    }

    @Test
    void dropsAndCountsWhatASourceSendsOverItsRateLimit() throws Exception {
        UdpCounters c = counters("limited");
        long receivedBefore = c.received();
        long limitedBefore = c.rateLimited();
        int replies = 0;
        // Two sockets of one address: the limit is per address, whichever socket of the listener receives.
        try (UdpPeer a = UdpPeer.ipv4(); UdpPeer b = UdpPeer.ipv4()) {
            for (int i = 0; i < 10; i++) {
                a.send(new byte[] {(byte) i}, server.loopback("limited"));
                b.send(new byte[] {(byte) i}, server.loopback("limited"));
            }
            while (a.receive(server.loopback("limited"), 300) != null) {
                replies++;
            }
            while (b.receive(server.loopback("limited"), 300) != null) {
                replies++;
            }
        }
        await(() -> c.received() + c.rateLimited() - receivedBefore - limitedBefore, 20);
        long accepted = c.received() - receivedBefore;
        // the burst of 5, and at 1/s perhaps one more if the sending took over a second
        assertTrue(accepted >= 5 && accepted <= 6, "accepted " + accepted);
        assertEquals(accepted, replies);
        assertEquals(20 - accepted, c.rateLimited() - limitedBefore);
    }

    @Test
    void answersEveryDatagramOfManySendersAtOnce() throws Exception {
        int senders = 40;
        int each = 150;
        UdpCounters c = counters("upper");
        long before = c.replies();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                results.add(pool.submit(() -> {
                    int answered = 0;
                    try (UdpPeer peer = UdpPeer.ipv4()) {
                        for (int i = 0; i < each; i++) {
                            String text = "sender " + sender + " datagram " + i;
                            byte[] reply = peer.exchange(text.getBytes(StandardCharsets.US_ASCII),
                                    server.loopback("upper"));
                            assertEquals(text.toUpperCase(), new String(reply, StandardCharsets.US_ASCII));
                            answered++;
                        }
                    }
                    return answered;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(each, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // Every sender had each of its datagrams answered (above); the listener-wide counter may also hold a late
        // reply to an earlier test, so it is at least, not exactly, what this test sent.
        long target = before + (long) senders * each;
        assertTrue(await(c::replies, target) >= target);
        assertEquals(0, c.dropped());
    }

    @Test
    void bindsOneSocketPerThreadWithReusePortOnEpoll() {
        int expected = Epoll.isAvailable() ? 2 : 1;
        assertEquals(expected, ((DatagramListener) server.server().listeners().get("echo")).channels().size());
        assertEquals(1, ((DatagramListener) server.server().listeners().get("log")).channels().size());
    }

    @Test
    void publishesItsCountsAsPrometheusMetrics() throws Exception {
        try (UdpPeer peer = UdpPeer.ipv4()) {
            peer.exchange("metrics".getBytes(StandardCharsets.US_ASCII), server.loopback("echo"));
            peer.send(new byte[2000], server.loopback("small"));
        }
        await(() -> counters("small").oversize(), 1);
        String scrape = server.server().meters().scrape();
        assertEquals(counters("echo").received(), metric(scrape, "camelot_udp_datagrams_received_total{listener=\"echo\"}"));
        assertEquals(counters("echo").replyBytes(), metric(scrape, "camelot_udp_sent_bytes_total{listener=\"echo\"}"));
        assertEquals(counters("small").oversize(),
                metric(scrape, "camelot_udp_datagrams_dropped_total{listener=\"small\",reason=\"oversize\"}"));
    }

    private static long metric(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError(series + " not in\n" + scrape));
    }
}
