package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.nio.file.Path;
import org.camelot.server.config.TransportKind;
import org.camelot.server.testing.LineClient;
import org.camelot.server.transport.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
}
