package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With several event loops on epoll, a TCP listener binds a server socket per loop (SO_REUSEPORT) and serves each
 * connection on the loop that accepted it; on NIO one socket accepts for every loop.
 */
class AcceptPerLoopTest {

    @TempDir
    Path dir;

    @Test
    void eachConnectionIsServedOnTheLoopThatAcceptedIt() throws Exception {
        assertTrue(Epoll.isAvailable(), "epoll must load here: " + Epoll.unavailabilityCause());
        String yaml = "transport: epoll\nio-threads: 3\n"
                + "listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n";
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            StreamListener l = (StreamListener) s.server().listeners().get("upper");
            assertEquals(3, l.servers().size(), "a server socket per event loop");
            Set<Object> loops = new HashSet<>();
            l.servers().forEach(c -> loops.add(c.eventLoop()));
            assertEquals(3, loops.size(), "each on its own loop");
            List<LineClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) {
                    LineClient c = LineClient.connect(s.loopback("upper"));
                    clients.add(c);
                    c.send("hello\n");
                    assertEquals("HELLO\n", c.readUntil('\n'));
                }
                assertEquals(24, l.connections().size());
                Set<Object> serving = new HashSet<>();
                for (Channel c : l.connections()) {
                    assertEquals(c.parent().eventLoop(), c.eventLoop(), "served on the loop that accepted it");
                    serving.add(c.eventLoop());
                }
                assertTrue(serving.size() > 1, "the kernel spread 24 connections over the sockets: " + serving);
            } finally {
                for (LineClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void nioHasOneSocketForEveryLoop() throws Exception {
        String yaml = "transport: nio\nio-threads: 2\nlisteners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n";
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            assertEquals(1, ((StreamListener) s.server().listeners().get("upper")).servers().size());
            try (LineClient c = LineClient.connect(s.loopback("upper"))) {
                c.send("nio\n");
                assertEquals("NIO\n", c.readUntil('\n'));
            }
        }
    }

    /** Sockets per loop share the port with each other, not with another daemon that did not ask to share it. */
    @Test
    void aPortInUseIsRefusedAsWithOneSocket() throws Exception {
        String yaml = "transport: epoll\nio-threads: 2\n"
                + "listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n";
        try (RunningServer first = RunningServer.start(dir.resolve("a"), yaml)) {
            assertEquals(2, ((StreamListener) first.server().listeners().get("upper")).servers().size());
            StartupException e = assertThrows(StartupException.class, () -> RunningServer.start(dir.resolve("b"),
                    yaml, "listeners.upper.port=" + first.port("upper")));
            assertTrue(e.getMessage().contains("Address already in use"), e.getMessage());
        }
    }
}
