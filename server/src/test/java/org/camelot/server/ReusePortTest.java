package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several daemons on one machine share a port with SO_REUSEPORT. */
class ReusePortTest {

    @TempDir
    Path dir;

    @Test
    void twoDaemonsShareOnePortAndBothServe() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT needs epoll here");
        String yaml = "transport: epoll\nlisteners: {upper: {protocol: upper, host: 127.0.0.1, port: 0, reuse-port: true}}\n";
        try (RunningServer first = RunningServer.start(dir.resolve("a"), yaml)) {
            int port = first.port("upper");
            try (RunningServer second = RunningServer.start(dir.resolve("b"), yaml, "listeners.upper.port=" + port)) {
                assertEquals(port, second.port("upper"));
                for (int i = 0; i < 20; i++) {
                    try (LineClient c = LineClient.connect(first.loopback("upper"))) {
                        c.send("shared\n");
                        assertEquals("SHARED\n", c.readUntil('\n'));
                    }
                }
                assertTrue(first.server().meters().get("camelot.connections").counter().count() > 0
                        && second.server().meters().get("camelot.connections").counter().count() > 0,
                        "the kernel spread connections over both daemons");
            }
        }
    }

    @Test
    void withoutReusePortTheSecondDaemonCannotBind() throws Exception {
        String yaml = "listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n";
        try (RunningServer first = RunningServer.start(dir.resolve("a"), yaml)) {
            StartupException e = assertThrows(StartupException.class, () -> RunningServer.start(dir.resolve("b"), yaml,
                    "listeners.upper.port=" + first.port("upper")));
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }
}
