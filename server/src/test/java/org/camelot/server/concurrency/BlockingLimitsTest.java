package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps a blocking listener bounded: idle timeouts, a connection limit, and a cut-off for peers that never read. */
class BlockingLimitsTest {

    @TempDir
    Path dir;

    private RunningServer start(String concurrency, String idle) throws Exception {
        return RunningServer.start(dir, """
                shutdown-timeout: 1s
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    idle-timeout: %s
                    concurrency: %s
                """.formatted(idle, concurrency));
    }

    @Test
    void closesAConnectionIdleForTheIdleTimeout() throws Exception {
        try (RunningServer server = start("thread-per-connection", "300ms");
             LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("one\n");
            assertEquals("ONE\n", c.readLine());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void stopsAcceptingAtMaxConnectionsUntilOneEnds() throws Exception {
        try (RunningServer server = start("{model: virtual-threads, max-connections: 2}", "60s");
             LineClient a = LineClient.connect(server.loopback("lab"), 10_000);
             LineClient b = LineClient.connect(server.loopback("lab"), 10_000);
             LineClient third = LineClient.connect(server.loopback("lab"), 10_000)) {
            a.send("a\n");
            b.send("b\n");
            assertEquals("A\n", a.readLine());
            assertEquals("B\n", b.readLine());
            third.send("c\n");
            third.socket().setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, third::readLine);
            a.close();
            third.socket().setSoTimeout(10_000);
            assertEquals("C\n", third.readLine());
        }
    }

    @Test
    void closesAPeerThatReadsNoneOfItsReplies() throws Exception {
        try (RunningServer server = start("thread-per-connection", "1s");
             LineClient c = LineClient.connect(server.loopback("lab"), 30_000)) {
            CompletableFuture<IOException> writer = CompletableFuture.supplyAsync(() -> {
                byte[] lines = ("x".repeat(1000) + "\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = c.socket().getOutputStream();
                    for (int i = 0; i < 100_000; i++) {
                        out.write(lines);
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // The server's write blocks once both socket buffers are full; after the idle timeout it gives up.
            IOException failure = writer.get(60, TimeUnit.SECONDS);
            assertTrue(failure != null, "the server kept a peer that reads nothing");
        }
    }
}
