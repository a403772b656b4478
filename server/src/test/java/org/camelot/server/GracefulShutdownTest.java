package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {

    @TempDir
    Path dir;

    private static final String YAML = """
            listeners:
              upper:
                protocol: upper
                host: 127.0.0.1
                port: 0
            """;

    private static void waitUntilRefused(InetSocketAddress address) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (LineClient ignored = LineClient.connect(address)) {
                Thread.sleep(10);
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    @Test
    void finishesTheRequestInFlightThenStops() throws Exception {
        RunningServer server = RunningServer.start(dir, YAML);
        InetSocketAddress address = server.loopback("upper");
        try (LineClient busy = LineClient.connect(address); LineClient idle = LineClient.connect(address)) {
            busy.send("half a ");
            Thread.sleep(100);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(10)));
            waitUntilRefused(address);
            assertThrows(ConnectException.class, () -> LineClient.connect(address).close(), "no longer accepting");
            assertTrue(idle.closedByPeer(), "an idle connection is closed at once");
            busy.send("question\n");
            assertEquals("HALF A QUESTION\n", busy.readUntil('\n'), "the request in flight is answered");
            assertTrue(busy.closedByPeer(), "and then its connection is closed");
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void closesWhatIsLeftWhenTheDrainTimeoutRunsOut() throws Exception {
        RunningServer server = RunningServer.start(dir, YAML);
        try (LineClient stuck = LineClient.connect(server.loopback("upper"))) {
            stuck.send("never finished");
            Thread.sleep(100);
            long start = System.nanoTime();
            server.shutdown(Duration.ofMillis(500));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 450, "waited for the drain timeout, took " + took + " ms");
            assertTrue(stuck.closedByPeer());
            assertEquals(0, server.server().openConnections());
        }
    }
}
