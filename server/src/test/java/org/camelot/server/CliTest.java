package org.camelot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's command line, run as a real process: its output and exit codes. */
class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private ProcessBuilder daemon(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.camelot.server.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile());
    }

    private Result run(String... args) throws Exception {
        Process p = daemon(args).redirectErrorStream(false).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** A loopback port that was free a moment ago. */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Adds each line the process prints to {@code into}, on a thread of its own, until its output ends. */
    private static Thread collectOutput(Process p, List<String> into) {
        return Thread.ofVirtual().start(() -> new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(into::add));
    }

    private Path config(String yaml) throws Exception {
        Path f = dir.resolve("camelot.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void checkPrintsTheResolvedConfigAndExitsZero() throws Exception {
        Path f = config("listeners: {upper: {protocol: upper, port: 1234}}\n");
        Result r = run("--config", f.toString(), "--check", "--set", "listeners.upper.max-line-length=99");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("max-line-length: 99"), r.out());
        assertTrue(r.out().contains("# configuration OK"), r.out());
    }

    @Test
    void badConfigExitsTwoWithAMessageNamingFileKeyValueAndExpectation() throws Exception {
        Path f = config("listeners: {upper: {protocol: upper, port: 99999}}\n");
        Result r = run("--config", f.toString());
        assertEquals(2, r.code());
        assertEquals(f + ": listeners.upper.port: 99999 (expected: an integer from 0 to 65535)", r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingConfigFileExitsTwo() throws Exception {
        Result r = run("--config", dir.resolve("absent.yaml").toString(), "--check");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("absent.yaml"), r.err());
    }

    @Test
    void missingCertificateExitsTwo() throws Exception {
        Path f = config("""
                tls: {certificate: gone.pem, private-key: gone-key.pem}
                listeners: {s: {protocol: upper, port: 0, tls: true}}
                """);
        Result r = run("--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("tls.certificate"), r.err());
    }

    @Test
    void checkReadsTheCertificateFilesAndRefusesAKeyOfAnotherCertificate() throws Exception {
        org.camelot.testing.TestPki pki = org.camelot.testing.TestPki.create(dir.resolve("pki"));
        Path f = config("""
                tls: {certificate: %s, private-key: %s}
                listeners: {s: {protocol: upper, port: 0, tls: true}}
                """.formatted(pki.serverCert(), pki.clientKey()));
        Result r = run("--config", f.toString(), "--check");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains(f + ": tls.private-key: \"" + pki.clientKey() + "\"")
                && r.err().contains("belongs to another certificate"), r.err());
        Files.writeString(f, Files.readString(f).replace(pki.clientKey().toString(), pki.serverKey().toString()));
        r = run("--config", f.toString(), "--check");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("# configuration OK"), r.out());
    }

    @Test
    void unknownOptionExitsTwo() throws Exception {
        Result r = run("--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option"), r.err());
    }

    @Test
    void portInUsePrintsOneLineAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path f = config("listeners: {upper: {protocol: upper, host: 127.0.0.1, port: " + taken.getLocalPort() + "}}\n");
            Result r = run("--config", f.toString());
            assertEquals(1, r.code(), r.err());
            assertEquals("camelot: listener upper: cannot bind TCP 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use", r.err().strip());
        }
    }

    @Test
    void sigtermStopsTheDaemonWithExitCodeZero() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.close();
            int port = probe.getLocalPort();
            Path f = config("listeners: {upper: {protocol: upper, host: 127.0.0.1, port: " + port + "}}\n");
            Process p = daemon("--config", f.toString()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.contains("started")) {
                    // wait for start-up
                }
                try (LineClient c = LineClient.connect(new java.net.InetSocketAddress("127.0.0.1", port))) {
                    c.send("up\n");
                    assertEquals("UP\n", c.readUntil('\n'));
                }
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** The daemon's registry (made beside the main thread at start-up) carries the JVM's meters on /metrics. */
    @Test
    void theDaemonsMetricsCarryTheJvmMeters() throws Exception {
        int port = freeLoopbackPort();
        Path f = config("listeners: {admin: {protocol: admin, host: 127.0.0.1, port: " + port + "}}\n");
        Process p = daemon("--config", f.toString()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            var http = java.net.http.HttpClient.newHttpClient();
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String meter : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded",
                    "process_cpu_usage", "process_uptime_seconds", "jvm_gc_")) {
                assertTrue(metrics.contains(meter), meter + " in " + metrics);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
    }

    @Test
    void sighupReloadsAndABadConfigurationIsRefused() throws Exception {
        int port = freeLoopbackPort();
        String good = "listeners: {upper: {protocol: upper, host: 127.0.0.1, port: " + port + "}}\n";
        Path f = config(good);
        Path pidFile = dir.resolve("camelot.pid");
        Process p = daemon("--config", f.toString(), "--pid-file", pidFile.toString()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            assertEquals(String.valueOf(p.pid()), Files.readString(pidFile).strip());
            Files.writeString(f, good.replace("port: " + port, "port: 99999"));
            new ProcessBuilder("kill", "-HUP", Files.readString(pidFile).strip()).start().waitFor();
            waitFor(output, "reload refused");
            try (LineClient c = LineClient.connect(new java.net.InetSocketAddress("127.0.0.1", port))) {
                c.send("still serving\n");
                assertEquals("STILL SERVING\n", c.readUntil('\n'));
            }
            Files.writeString(f, good.replace("}}", ", max-line-length: 5}}"));
            new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start().waitFor();
            waitFor(output, "reload: 1 listener(s) serving");
            try (LineClient c = LineClient.connect(new java.net.InetSocketAddress("127.0.0.1", port))) {
                c.send("too long for five\n");
                assertEquals("ERROR line too long (max 5 bytes)\n", c.readUntil('\n'));
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertFalse(Files.exists(pidFile), "the pid file is removed on exit");
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
    }

    @Test
    void theShippedLoggingConfigurationWritesEachAccessLineOnce() throws Exception {
        Files.copy(Path.of("..", "config", "logback.xml"), dir.resolve("logback.xml"));
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/once.txt"), "once\n");
        Path f = config("listeners: {web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}}\n");
        Path ready = dir.resolve("ready");
        Process p = daemon("--config", f.toString(), "--ready-file", ready.toString()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            for (int i = 0; i < 300 && !Files.exists(ready); i++) {
                Thread.sleep(50); // written just after the "started" line
            }
            int port = Integer.parseInt(Files.readString(ready).strip().replaceAll(".*:", ""));
            var http = java.net.http.HttpClient.newHttpClient();
            var answer = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/once.txt")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            waitFor(output, "GET /once.txt");
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(5_000);
            synchronized (output) {
                assertEquals(1, output.stream()
                                .filter(l -> l.contains("\"GET /once.txt HTTP/") && l.contains("\" 200 ")).count(),
                        String.join("\n", output));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aLogbackFileOfTheUsersOwnBesideTheConfigurationIsRead() throws Exception {
        // not the shipped file, so Logback's XML configurator reads it (the shipped one is built in code)
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="own" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>OWN %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="own"/></root>
                </configuration>
                """);
        Path f = config("listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n");
        Process p = daemon("--config", f.toString()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            synchronized (output) {
                String line = output.stream().filter(l -> l.contains("started")).findFirst().orElseThrow();
                assertTrue(line.startsWith("OWN INFO  Main camelot "), line);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
    }

    @Test
    void aDaemonStartedWithSighupIgnoredSaysThatReloadBySignalIsUnavailable() throws Exception {
        Path f = config("listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n");
        List<String> cmd = new ArrayList<>(List.of("nohup"));
        cmd.addAll(daemon("--config", f.toString()).command());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            waitFor(output, "SIGHUP is ignored");
            synchronized (output) {
                String line = output.stream().filter(l -> l.contains("SIGHUP is ignored")).findFirst().orElseThrow();
                assertTrue(line.contains("WARN") && line.contains("nohup") && line.contains("reload"), line);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
            reader.join(5_000);
        }
    }

    @Test
    void aDaemonStartedNormallySaysNothingAboutSighup() throws Exception {
        Path f = config("listeners: {upper: {protocol: upper, host: 127.0.0.1, port: 0}}\n");
        Process p = daemon("--config", f.toString()).redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = collectOutput(p, output);
        try {
            waitFor(output, "started");
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(5_000);
            synchronized (output) {
                assertFalse(output.stream().anyMatch(l -> l.contains("SIGHUP")), String.join("\n", output));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static void waitFor(List<String> output, String text) throws InterruptedException {
        // A minute: a JVM starting on a busy 2-core machine can take many seconds.
        for (int i = 0; i < 1200; i++) {
            synchronized (output) {
                if (output.stream().anyMatch(l -> l.contains(text))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with \"" + text + "\" in:\n" + String.join("\n", output));
    }
}
