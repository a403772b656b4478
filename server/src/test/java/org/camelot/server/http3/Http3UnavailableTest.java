package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.camelot.server.testing.TlsClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose native QUIC library cannot load, as on another OS or CPU: a child JVM whose class path lacks
 * {@code netty-codec-native-quic}'s platform jar (the one that carries {@code libnetty_quiche}), so Netty's own
 * loader fails and {@code Quic.isAvailable()} is false. With {@code http3: required} start-up stops with one line;
 * with {@code http3: true} one line says so and the listener serves HTTP/1.1 and HTTP/2 without {@code Alt-Svc}.
 */
class Http3UnavailableTest {

    @TempDir
    Path dir;

    /** The test's class path without the native QUIC jars (their classifier names a platform). */
    private static String classPathWithoutNativeQuic() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        List<String> kept = Arrays.stream(entries)
                .filter(e -> !Path.of(e).getFileName().toString().matches("netty-codec-native-quic-.*-\\w+-\\w+\\.jar"))
                .toList();
        assertTrue(kept.size() < entries.length, "the test class path has a native QUIC jar to leave out");
        assertTrue(kept.stream().anyMatch(e -> e.contains("netty-codec-classes-quic")),
                "the QUIC classes stay, only the native library goes");
        return String.join(File.pathSeparator, kept);
    }

    private ProcessBuilder daemon(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPathWithoutNativeQuic(),
                "org.camelot.server.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    @Test
    void requiredStopsStartUpWithOneLine() throws Exception {
        H3Site site = H3Site.create(dir);
        Path config = Files.writeString(dir.resolve("camelot.yaml"),
                site.yaml("").replace("    http3: true\n", "    http3: required\n"));
        Process p = daemon("--config", config.toString()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), "the start-up failure code\n" + err);
        List<String> lines = err.strip().lines().toList();
        assertEquals(1, lines.size(), "one line: " + err);
        String line = lines.get(0);
        assertTrue(line.startsWith("camelot: listener webs: HTTP/3 is not available here, the native QUIC library "
                + "cannot load ("), line);
        assertTrue(line.endsWith("and the listener has http3: required"), line);
        assertFalse(new String(out, StandardCharsets.UTF_8).contains("bound to"), "no listener was left serving");
    }

    @Test
    void trueLogsOneLineAndServesHttp1AndHttp2Only() throws Exception {
        H3Site site = H3Site.create(dir);
        Path config = Files.writeString(dir.resolve("camelot.yaml"), site.yaml(""));
        Path ready = dir.resolve("ready");
        Process p = daemon("--config", config.toString(), "--ready-file", ready.toString())
                .redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(ready), "the daemon serves\n" + String.join("\n", log));
            String address = Files.readString(ready).lines().filter(l -> l.startsWith("webs ")).findFirst()
                    .orElseThrow().substring("webs ".length());
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

            List<String> said = log.stream().filter(l -> l.contains("HTTP/3 is not available")).toList();
            assertEquals(1, said.size(), String.join("\n", log));
            assertTrue(said.get(0).contains("WARN") && said.get(0).contains("listener webs: HTTP/3 is not available "
                    + "here, the native QUIC library cannot load (") && said.get(0).endsWith(
                    "; serving HTTP/1.1 and HTTP/2 only"), said.get(0));
            assertTrue(log.stream().noneMatch(l -> l.contains("serves HTTP/3")), "no UDP side is bound");
            assertTrue(log.stream().noneMatch(l -> l.contains("\tat ")), "no stack trace:\n" + String.join("\n", log));

            HttpClient client = HttpClient.newBuilder().sslContext(TlsClients.context(site.pki(), null))
                    .connectTimeout(Duration.ofSeconds(20)).build();
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                URI.create("https://localhost:" + port + "/motto.txt")).version(version)
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals(version, r.version(), "TLS with ALPN gives the version asked for");
                assertEquals(H3Site.MOTTO, r.body());
                assertEquals(List.of(), r.headers().allValues("alt-svc"), "no HTTP/3 to advertise");
            }
            assertNull(quicAnswer(port), "nothing answers QUIC on the listener's port");
        } finally {
            p.destroy(); // SIGTERM: the daemon drains and exits
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            reader.join(10_000);
        }
        assertEquals(0, p.exitValue(), log.stream().collect(Collectors.joining("\n")));
    }

    /** Sends a QUIC Initial (a long header padded to 1200 bytes) to the UDP port; the answer, or {@code null}. */
    private static byte[] quicAnswer(int port) throws Exception {
        byte[] initial = new byte[1200];
        initial[0] = (byte) 0xC3;
        initial[4] = 1; // version 1
        initial[5] = 8; // DCID length, then eight zero bytes
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(1500);
            s.send(new DatagramPacket(initial, initial.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            try {
                s.receive(in);
                return Arrays.copyOf(in.getData(), in.getLength());
            } catch (SocketTimeoutException e) {
                return null;
            }
        }
    }
}
