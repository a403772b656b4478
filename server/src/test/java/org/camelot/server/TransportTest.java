package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camelot.server.config.TransportKind;
import org.camelot.server.testing.LineClient;
import org.camelot.server.transport.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same listener serves under every transport this machine supports. */
class TransportTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void servesUnderEachTransport(TransportKind kind) throws Exception {
        assumeTrue(kind != TransportKind.EPOLL || Epoll.isAvailable(), "epoll not available here");
        assumeTrue(kind != TransportKind.IO_URING || IoUring.isAvailable(), "io_uring not available here");
        try (RunningServer server = RunningServer.start(dir, """
                io-threads: 2
                listeners:
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                """, "transport=" + kind)) {
            try (LineClient c = LineClient.connect(server.loopback("upper"))) {
                c.send("transport\n");
                assertEquals("TRANSPORT\n", c.readUntil('\n'));
                // Nagle's algorithm would hold a small answer back until the client acknowledges the last one: the
                // transport's socket config turns it off on every accepted connection (the listener does not ask).
                StreamListener l = (StreamListener) server.server().listeners().get("upper");
                assertEquals(1, l.connections().size());
                for (Channel ch : l.connections()) {
                    assertTrue(ch.config().getOption(ChannelOption.TCP_NODELAY), "TCP_NODELAY on " + ch);
                }
            }
        }
        Transport resolved = Transport.resolve(kind);
        if (kind != TransportKind.AUTO) {
            assertEquals(kind, resolved.kind());
        } else {
            assertEquals(Epoll.isAvailable() ? TransportKind.EPOLL : TransportKind.NIO, resolved.kind());
        }
    }

    /** The listening sockets of a kernel table (/proc/net/tcp or tcp6) on {@code port}. */
    private static long listening(String table, int port) throws Exception {
        String local = String.format(":%04X", port);
        return Files.readAllLines(Path.of("/proc/net", table)).stream().skip(1)
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(local) && f[3].equals("0A")) // 0A: LISTEN
                .count();
    }

    /** On epoll a specific IPv4 address is served by IPv4 sockets (Netty's default is IPv6 with mapped addresses). */
    @Test
    void anIpv4AddressGetsIpv4SocketsOnEpoll() throws Exception {
        assertTrue(Epoll.isAvailable(), "epoll, the transport this is about, must load: " + Epoll.unavailabilityCause());
        try (RunningServer server = RunningServer.start(dir, """
                transport: epoll
                io-threads: 2
                listeners:
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                """)) {
            int port = server.port("upper");
            assertEquals(2, listening("tcp", port), "a server socket per loop, both IPv4");
            assertEquals(0, listening("tcp6", port));
            try (LineClient c = LineClient.connect(server.loopback("upper"))) {
                c.send("four\n");
                assertEquals("FOUR\n", c.readUntil('\n'));
                for (Channel ch : ((StreamListener) server.server().listeners().get("upper")).connections()) {
                    assertEquals(InetAddress.getByName("127.0.0.1"), ch.remoteAddress() instanceof
                            InetSocketAddress a ? a.getAddress() : null, "the client's address as before");
                }
            }
        }
    }

    /** The IPv4 wildcard keeps Netty's dual-stack socket on epoll, which takes IPv6 clients too. */
    @Test
    void theIpv4WildcardStillTakesIpv6ClientsOnEpoll() throws Exception {
        assertTrue(Epoll.isAvailable(), "epoll, the transport this is about, must load: " + Epoll.unavailabilityCause());
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            assertTrue(probe.isBound(), "the IPv6 loopback address ::1 can be bound");
        }
        try (RunningServer server = RunningServer.start(dir, """
                transport: epoll
                io-threads: 1
                listeners:
                  upper: {protocol: upper, host: 0.0.0.0, port: 0}
                """)) {
            int port = server.port("upper");
            try (LineClient c = LineClient.connect(new InetSocketAddress(InetAddress.getByName("::1"), port))) {
                c.send("six\n");
                assertEquals("SIX\n", c.readUntil('\n'));
            }
        }
    }
}
