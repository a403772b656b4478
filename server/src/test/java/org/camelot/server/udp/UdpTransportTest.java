package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.camelot.protocol.udp.UdpCounters;
import org.camelot.protocol.udp.UdpProtocol;
import org.camelot.server.DatagramListener;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each transport reads datagrams its own way; on each, large datagrams must arrive whole, oversize ones must be seen
 * and counted, and {@code threads} must give one socket per thread where SO_REUSEPORT exists.
 */
class UdpTransportTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void receivesWholeDatagramsAndCountsOversizeOnes(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll unavailable");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring unavailable");
        try (RunningServer server = daemon.start("""
                transport: %s
                listeners:
                  echo:
                    protocol: udp
                    host: 127.0.0.1
                    port: 0
                    mode: echo
                    threads: 3
                    max-datagram-size: 50000
                  upper:
                    protocol: udp
                    host: 127.0.0.1
                    port: 0
                    threads: 1
                """.formatted(transport));
             UdpPeer peer = UdpPeer.ipv4()) {
            assertEquals(transport.equals("nio") ? 1 : 3, ((DatagramListener) server.server().listeners().get("echo")).channels().size());
            byte[] big = new byte[50_000];
            new Random(3).nextBytes(big);
            assertArrayEquals(big, peer.exchange(big, server.loopback("echo")));
            assertEquals("ABC", new String(peer.exchange("abc".getBytes(StandardCharsets.US_ASCII),
                    server.loopback("upper")), StandardCharsets.US_ASCII));

            peer.send(new byte[50_001], server.loopback("echo"));
            assertNull(peer.receive(server.loopback("echo"), 300));
            UdpCounters counters = ((UdpProtocol) server.server().listeners().get("echo").protocol()).counters();
            assertEquals(1, UdpServerTest.await(counters::oversize, 1));
            assertEquals(1, counters.replies());
        }
    }

    /** docs/udp.md: an empty datagram gets an empty reply in echo and upper mode, whatever the transport. */
    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void anEmptyDatagramGetsAnEmptyReply(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll unavailable");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring unavailable");
        try (RunningServer server = daemon.start("""
                transport: %s
                listeners:
                  echo: {protocol: udp, host: 127.0.0.1, port: 0, mode: echo, threads: 2}
                  upper: {protocol: udp, host: 127.0.0.1, port: 0, mode: upper, threads: 1}
                """.formatted(transport));
             UdpPeer peer = UdpPeer.ipv4()) {
            for (String listener : new String[] {"echo", "upper"}) {
                assertArrayEquals(new byte[0], peer.exchange(new byte[0], server.loopback(listener)), listener);
                // The socket goes on answering, empty or not, in order.
                peer.send(new byte[0], server.loopback(listener));
                peer.send("after".getBytes(StandardCharsets.US_ASCII), server.loopback(listener));
                assertArrayEquals(new byte[0], peer.receive(server.loopback(listener), 5_000), listener);
                assertEquals(listener.equals("echo") ? "after" : "AFTER", new String(
                        peer.receive(server.loopback(listener), 5_000), StandardCharsets.US_ASCII));
                UdpCounters counters = ((UdpProtocol) server.server().listeners().get(listener).protocol()).counters();
                assertEquals(3, UdpServerTest.await(counters::replies, 3), listener);
            }
        }
    }
}
