package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
