package org.camelot.server.tls.acme;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Let's Encrypt's ACME test server (Debian's {@code pebble}) with {@code pebble-challtestsrv} as its DNS server (every
 * name resolves to 127.0.0.1), on loopback and free ports, with an HTTPS certificate made for the test. Its
 * validation connects to {@code httpPort} (http-01) and {@code tlsPort} (tls-alpn-01): the daemon's listeners.
 * Starting fails (it does not skip) when the binaries are missing: {@code .ci/run} installs them.
 */
final class Pebble implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final X509Bundle ca;
    final int acmePort;
    final int managementPort;
    final int httpPort;
    final int tlsPort;

    private Pebble(Path dir, X509Bundle ca, int acmePort, int managementPort, int httpPort, int tlsPort) {
        this.dir = dir;
        this.ca = ca;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.httpPort = httpPort;
        this.tlsPort = tlsPort;
    }

    static Pebble start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder().subject("CN=Pebble test HTTPS CA").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(2, ChronoUnit.DAYS))
                .setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle https = new CertificateBuilder().subject("CN=localhost").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(2, ChronoUnit.DAYS))
                .addSanDnsName("localhost").addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth()
                .buildIssuedBy(ca);
        Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Files.writeString(dir.resolve("cert.pem"), https.getCertificatePEM());
        Files.writeString(dir.resolve("key.pem"), https.getPrivateKeyPEM());
        Pebble p = new Pebble(dir, ca, freeTcpPort(), freeTcpPort(), freeTcpPort(), freeTcpPort());
        int dns = freeUdpPort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false
                }}
                """.formatted(p.acmePort, p.managementPort, dir.resolve("cert.pem"), dir.resolve("key.pem"),
                p.httpPort, p.tlsPort));
        p.launch("challtestsrv", List.of("pebble-challtestsrv", "-dns01", "127.0.0.1:" + dns, "-http01", "",
                "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + freeTcpPort(),
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""));
        p.launch("pebble", List.of("pebble", "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + dns));
        p.awaitPort(p.acmePort);
        p.awaitPort(p.managementPort);
        return p;
    }

    private void launch(String name, List<String> command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        b.environment().put("PEBBLE_VA_NOSLEEP", "1");
        b.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
        b.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        b.environment().put("PEBBLE_AUTHZREUSE", "0");
        try {
            processes.add(b.start());
        } catch (IOException e) {
            throw new IOException(command.get(0) + " cannot start (install Debian's pebble package; .ci/run does): "
                    + e.getMessage(), e);
        }
    }

    private void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Pebble exited: " + log());
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Pebble did not listen on " + port + ": " + log());
    }

    String log() throws IOException {
        return Files.exists(dir.resolve("pebble.log")) ? Files.readString(dir.resolve("pebble.log")) : "";
    }

    /** The ACME directory URL. */
    String directory() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    /** The CA of Pebble's own HTTPS certificate (for {@code ca-file}). */
    Path httpsCa() {
        return dir.resolve("ca.pem");
    }

    /** Pebble's root, which the certificates it issues chain to, from its management interface, as a PEM file. */
    Path root() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, ca.toTrustManagerFactory().getTrustManagers(), new SecureRandom());
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Path file = dir.resolve("root.pem");
            Files.writeString(file, r.body());
            return file;
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
