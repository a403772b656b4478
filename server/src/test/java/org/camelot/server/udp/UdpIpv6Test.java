package org.camelot.server.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.camelot.protocol.udp.UdpProtocol;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The udp protocol on the IPv6 loopback address; skipped where ::1 cannot be bound. */
class UdpIpv6Test {

    static InetAddress loopback;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        loopback = InetAddress.getByName("::1");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            assumeTrue(probe.isBound());
        } catch (IOException e) {
            assumeTrue(false, "IPv6 loopback unavailable: " + e);
        }
        return """
                listeners:
                  echo:
                    protocol: udp
                    host: "::1"
                    port: 0
                    mode: echo
                  upper:
                    protocol: udp
                    host: "::1"
                    port: 0
                  log:
                    protocol: udp
                    host: "::1"
                    port: 0
                    mode: log
                """;
    });

    private static InetSocketAddress address(String listener) {
        return new InetSocketAddress(loopback, server.port(listener));
    }

    @Test
    void echoesOverIpv6() throws Exception {
        try (UdpPeer peer = new UdpPeer(loopback)) {
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII),
                    peer.exchange("ping".getBytes(StandardCharsets.US_ASCII), address("echo")));
        }
    }

    @Test
    void upperCasesOverIpv6() throws Exception {
        try (UdpPeer peer = new UdpPeer(loopback)) {
            assertEquals("ÉTÉ", new String(peer.exchange("été".getBytes(StandardCharsets.UTF_8), address("upper")),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void logsTheIpv6SenderInBrackets() throws Exception {
        try (DatagramLogCapture log = new DatagramLogCapture("camelot.udp.log"); UdpPeer peer = new UdpPeer(loopback)) {
            peer.send("hello".getBytes(StandardCharsets.UTF_8), address("log"));
            assertEquals(List.of("client [::1]:" + peer.localAddress().getPort() + " sent \"hello\""), log.await(1));
        }
    }

    @Test
    void roundTripsA60000ByteDatagram() throws Exception {
        byte[] big = new byte[60_000];
        new Random(6).nextBytes(big);
        try (UdpPeer peer = new UdpPeer(loopback)) {
            assertArrayEquals(big, peer.exchange(big, address("echo")));
        }
    }

    /**
     * IPv6 carries up to 65527 bytes, more than the default maximum of 65507: the kernel truncates such a datagram
     * to the receive buffer, and the server sees that it did and drops it rather than echo a truncated copy.
     */
    @Test
    void countsAndDropsADatagramTheReceiveBufferTruncated() throws Exception {
        var counters = ((UdpProtocol) server.server().listeners().get("echo").protocol()).counters();
        long before = counters.oversize();
        try (UdpPeer peer = new UdpPeer(loopback)) {
            peer.send(new byte[65_527], address("echo"));
            assertNull(peer.receive(address("echo"), 300));
            assertEquals(65_507, peer.exchange(new byte[65_507], address("echo")).length);
        }
        assertEquals(before + 1, UdpServerTest.await(counters::oversize, before + 1));
    }
}
