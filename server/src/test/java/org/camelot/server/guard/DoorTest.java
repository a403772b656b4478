package org.camelot.server.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access rules, connection limits and the PROXY protocol, over real sockets. */
class DoorTest {

    @TempDir
    static Path dir;

    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningServer.start(dir, """
                listeners:
                  denied:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    deny: [127.0.0.0/8]
                  allowed-elsewhere:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    allow: [10.0.0.0/8, "2001:db8::/32"]
                  allowed:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    allow: [127.0.0.1]
                  two-at-most:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    max-connections: 2
                  one-per-client:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    max-connections-per-client: 1
                  proxied:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    proxy-protocol: true
                    deny: [192.0.2.0/24]
                    max-connections-per-client: 1
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static double refused(String listener, String reason) {
        return server.server().guard(listener).refusedCount(reason);
    }

    private static void assertServed(LineClient c) throws Exception {
        c.send("ok\n");
        assertEquals("OK\n", c.readUntil('\n'));
    }

    @Test
    void aDeniedAddressIsClosedAtOnceAndCounted() throws Exception {
        double before = refused("denied", "access");
        try (LineClient c = LineClient.connect(server.loopback("denied"))) {
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 1, refused("denied", "access"));
    }

    @Test
    void anAllowListRefusesAddressesOutsideIt() throws Exception {
        try (LineClient c = LineClient.connect(server.loopback("allowed-elsewhere"))) {
            assertTrue(c.closedByPeer());
        }
        try (LineClient c = LineClient.connect(server.loopback("allowed"))) {
            assertServed(c);
        }
    }

    @Test
    void maxConnectionsRefusesTheOneTooManyAndFreesSlotsOnClose() throws Exception {
        InetSocketAddress a = server.loopback("two-at-most");
        double before = refused("two-at-most", "max-connections");
        try (LineClient one = LineClient.connect(a); LineClient two = LineClient.connect(a)) {
            assertServed(one);
            assertServed(two);
            try (LineClient three = LineClient.connect(a)) {
                assertTrue(three.closedByPeer());
            }
            assertEquals(before + 1, refused("two-at-most", "max-connections"));
        }
        Thread.sleep(200);
        try (LineClient again = LineClient.connect(a)) {
            assertServed(again);
        }
    }

    @Test
    void maxConnectionsPerClientCountsEachAddressApart() throws Exception {
        int port = server.port("one-per-client");
        try (LineClient first = LineClient.connect(new InetSocketAddress("127.0.0.1", port))) {
            assertServed(first);
            try (LineClient second = LineClient.connect(new InetSocketAddress("127.0.0.1", port))) {
                assertTrue(second.closedByPeer());
            }
            try (LineClient other = LineClient.connect(new InetSocketAddress("127.0.0.1", port), "127.0.0.2")) {
                assertServed(other);
            }
        }
        assertTrue(refused("one-per-client", "max-connections-per-client") >= 1);
    }

    private static byte[] proxyHeader(HAProxyProtocolVersion version, String source, int sourcePort) {
        EmbeddedChannel enc = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        HAProxyProxiedProtocol protocol = source.contains(":") ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4;
        String dest = source.contains(":") ? "::1" : "127.0.0.1";
        enc.writeOutbound(new HAProxyMessage(version, HAProxyCommand.PROXY, protocol, source, dest, sourcePort, 1234));
        List<Byte> out = new ArrayList<>();
        ByteBuf b;
        while ((b = enc.readOutbound()) != null) {
            while (b.isReadable()) {
                out.add(b.readByte());
            }
            b.release();
        }
        enc.finishAndReleaseAll();
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    private static LineClient proxied(byte[] header) throws Exception {
        LineClient c = LineClient.connect(server.loopback("proxied"));
        c.socket().getOutputStream().write(header);
        return c;
    }

    @Test
    void proxyProtocolV1AndV2HeadersAreServed() throws Exception {
        try (LineClient v1 = proxied("PROXY TCP4 198.51.100.7 127.0.0.1 40000 1234\r\n".getBytes())) {
            assertServed(v1);
        }
        try (LineClient v2 = proxied(proxyHeader(HAProxyProtocolVersion.V2, "2001:db8::7", 40001))) {
            assertServed(v2);
        }
    }

    @Test
    void accessRulesAndLimitsSeeTheAddressFromTheProxyHeader() throws Exception {
        double before = refused("proxied", "access");
        try (LineClient c = proxied(proxyHeader(HAProxyProtocolVersion.V2, "192.0.2.10", 5555))) {
            assertTrue(c.closedByPeer(), "192.0.2.10 is denied even though the socket peer is 127.0.0.1");
        }
        assertEquals(before + 1, refused("proxied", "access"));
        // One connection per client: two connections from the same real client are limited even though each
        // comes through the balancer, while another real client is served alongside.
        try (LineClient a = proxied(proxyHeader(HAProxyProtocolVersion.V1, "198.51.100.1", 1))) {
            assertServed(a);
            try (LineClient b = proxied(proxyHeader(HAProxyProtocolVersion.V1, "198.51.100.1", 2))) {
                assertTrue(b.closedByPeer());
            }
            try (LineClient other = proxied(proxyHeader(HAProxyProtocolVersion.V1, "198.51.100.2", 3))) {
                assertServed(other);
            }
        }
    }

    @Test
    void aConnectionWithoutAValidProxyHeaderIsClosedAndCounted() throws Exception {
        double before = refused("proxied", "proxy-header");
        try (LineClient c = LineClient.connect(server.loopback("proxied"))) {
            c.send("hello, no header here\n");
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 1, refused("proxied", "proxy-header"));
    }
}
