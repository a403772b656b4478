package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a QUIC and HTTP/3 implementation written elsewhere: Debian's {@code ngtcp2-client} ({@code gtlsclient},
 * ngtcp2 and nghttp3 on GnuTLS; {@code .ci/run} installs it) fetches files from the listener, through the Retry the
 * server sends first, and the bytes match.
 */
class NgtcpInteropTest {

    @TempDir
    Path dir;

    @Test
    void gtlsclientFetchesFilesIntact() throws Exception {
        H3Site site = H3Site.create(dir);
        try (RunningServer server = RunningServer.start(dir, site.yaml(""))) {
            int port = server.port("webs");
            Path download = Files.createDirectories(dir.resolve("download"));
            ProcessBuilder pb = new ProcessBuilder("gtlsclient", "--quiet", "--exit-on-all-streams-close",
                    "--timeout=30s", "--download=" + download, "127.0.0.1", String.valueOf(port),
                    "https://127.0.0.1:" + port + "/big.bin", "https://127.0.0.1:" + port + "/motto.txt")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gtlsclient.log").toFile());
            Process p = pb.start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "gtlsclient finishes");
            String log = Files.readString(dir.resolve("gtlsclient.log"));
            assertEquals(0, p.exitValue(), log);
            assertArrayEquals(H3Site.big(), Files.readAllBytes(download.resolve("big.bin")), "big.bin");
            assertEquals(H3Site.MOTTO, Files.readString(download.resolve("motto.txt")), "motto.txt");
        }
    }
}
