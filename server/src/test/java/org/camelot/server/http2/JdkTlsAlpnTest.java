package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ALPN with the JDK's TLS, the fallback when netty-tcnative (BoringSSL) cannot load: the daemon runs in a JVM of
 * its own with OpenSSL turned off, and curl still gets h2 by ALPN, and HTTP/1.1 when it asks for it.
 */
class JdkTlsAlpnTest {

    @TempDir
    Path dir;

    @Test
    void negotiatesH2WithTheJdkProvider() throws Exception {
        H2Site site = H2Site.create(dir);
        Files.writeString(dir.resolve("camelot.yaml"), site.yaml(""));
        Path ready = dir.resolve("ready");
        Path log = dir.resolve("daemon.log");
        Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dio.netty.handler.ssl.noOpenSsl=true",
                "-cp", System.getProperty("java.class.path"), "org.camelot.server.Main",
                "--config", dir.resolve("camelot.yaml").toString(), "--ready-file", ready.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 600 && !(Files.exists(ready) && Files.size(ready) > 0); i++) {
                assertTrue(daemon.isAlive(), () -> "the daemon stopped: " + read(log));
                Thread.sleep(100);
            }
            int port = -1;
            for (String line : Files.readAllLines(ready)) {
                if (line.startsWith("webs ")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                }
            }
            assertTrue(port > 0, () -> "ready file: " + read(ready));
            assertTrue(read(log).contains("TLS falls back to the JDK provider"), () -> read(log));
            String url = "https://127.0.0.1:" + port + "/motto.txt";
            Curl.Reply h2 = Curl.run(dir, "--http2", "--cacert", site.pki().caPem().toString(), url);
            assertEquals("HTTP/2", h2.protocol());
            assertEquals(H2Site.MOTTO, h2.text());
            Curl.Reply h1 = Curl.run(dir, "--http1.1", "--cacert", site.pki().caPem().toString(), url);
            assertEquals("HTTP/1.1", h1.protocol());
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
