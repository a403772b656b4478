package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that asks for a large answer and never reads it: once the idle timeout finds the write stalled, the
 * server closes the connection for good instead of waiting, before its lingering close, for a write that will
 * never finish.
 */
class StalledReaderTest {

    @TempDir
    Path dir;

    @Test
    void aStalledAnswerIsClosedByTheIdleTimeout() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.write(dir.resolve("site/big.bin"), new byte[32 * 1024 * 1024]);
        try (RunningServer server = RunningServer.start(dir, """
                listeners:
                  web:
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                    idle-timeout: 400ms
                    routes: {files: {root: site}}
                """);
             Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(server.loopback("web"));
            client.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: camelot\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            // Never read. The server's socket buffer fills, its write stalls, and the idle timeout must close it.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.server().openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, server.server().openConnections(), "a stalled connection is still open");
        }
    }
}
