package org.camelot.server.tls.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against Pebble: the daemon starts with no certificate, serves a temporary one, obtains the real one by
 * http-01 or tls-alpn-01, serves it (curl verifies it against Pebble's root), and renews it on demand.
 */
class AcmePebbleTest {

    private static final String NAME = "camelot.test";
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private Pebble pebble;

    @BeforeEach
    void startPebble() throws Exception {
        pebble = Pebble.start(dir.resolve("pebble"));
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/hello.txt"), "hello from camelot\n");
    }

    @AfterEach
    void stopPebble() {
        pebble.close();
    }

    private String acme(String challenge, Path storage) {
        return "{directory: \"%s\", ca-file: %s, contact: \"mailto:ops@camelot.test\", names: [%s, www.%s], "
                .formatted(pebble.directory(), pebble.httpsCa(), NAME, NAME)
                + "storage: %s, challenge: %s}".formatted(storage, challenge);
    }

    @Test
    void obtainsByHttp01ServesAndRenews() throws Exception {
        Path storage = dir.resolve("acme");
        String yaml = """
                listeners:
                  http:
                    protocol: http
                    host: 127.0.0.1
                    port: %d
                    routes: {files: {root: site}}
                  https:
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                    routes: {files: {root: site}}
                    tls: {acme: %s}
                  upper:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls: {acme: %s}
                """.formatted(pebble.httpPort, acme("http-01", storage), acme("http-01", storage));
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            Path root = pebble.root();
            X509Certificate first = awaitIssued(s.loopback("https"), root, null);
            assertEquals(first, awaitIssued(s.loopback("upper"), root, null), "every TLS listener serves it");
            assertEquals("hello from camelot\n", curl(s.port("https"), root));

            Path cert = storage.resolve("certificates/127.0.0.1-" + pebble.acmePort + "/" + NAME + "/certificate.pem");
            Path key = cert.resolveSibling("private-key.pem");
            Path account = storage.resolve("accounts/127.0.0.1-" + pebble.acmePort + "/account-key.pem");
            for (Path p : List.of(cert, key, account)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.getParent())));
            assertTrue(s.server().scrape().contains("camelot_tls_certificate_expiry_seconds{listener=\"https\","
                    + "subject=\"" + first.getSubjectX500Principal().getName() + "\"}"), s.server().scrape());

            s.server().renewAcmeCertificates();
            X509Certificate renewed = awaitIssued(s.loopback("https"), root, first);
            assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
            assertEquals("hello from camelot\n", curl(s.port("https"), root));
        }
        // a restart serves the stored certificate at once
        try (RunningServer s = RunningServer.start(dir, yaml.replace("port: " + pebble.httpPort, "port: 0"))) {
            assertTrue(issuedBy(s.loopback("https"), pebble.root()) != null, "served from storage at start-up");
        }
    }

    @Test
    void obtainsByTlsAlpn01OnTheTlsListener() throws Exception {
        Path storage = dir.resolve("acme");
        String yaml = """
                listeners:
                  https:
                    protocol: http
                    host: 127.0.0.1
                    port: %d
                    routes: {files: {root: site}}
                    tls: {acme: %s}
                """.formatted(pebble.tlsPort, acme("tls-alpn-01", storage));
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            Path root = pebble.root();
            assertTrue(issuedBy(s.loopback("https"), root) == null, "a temporary certificate until then");
            awaitIssued(s.loopback("https"), root, null);
            assertEquals("hello from camelot\n", curl(s.port("https"), root));
        }
    }

    @Test
    void daemonsSharingTheStorageOrderOnce() throws Exception {
        Path storage = dir.resolve("shared");
        String yaml = """
                listeners:
                  http:
                    protocol: http
                    host: 127.0.0.1
                    port: %d
                    reuse-port: true
                    routes: {files: {root: site}}
                  https:
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                    routes: {files: {root: site}}
                    tls: {acme: %s}
                """.formatted(pebble.httpPort, acme("http-01", storage));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/camelot.yaml"), "");
        var a = CompletableFuture.supplyAsync(() -> start(dir.resolve("a"), yaml.replace("root: site", "root: ../site")));
        var b = CompletableFuture.supplyAsync(() -> start(dir.resolve("b"), yaml.replace("root: site", "root: ../site")));
        try (RunningServer one = a.get(60, TimeUnit.SECONDS); RunningServer two = b.get(60, TimeUnit.SECONDS)) {
            Path root = pebble.root();
            X509Certificate x = awaitIssued(one.loopback("https"), root, null);
            X509Certificate y = awaitIssued(two.loopback("https"), root, null);
            assertEquals(x.getSerialNumber(), y.getSerialNumber(), "one order for both daemons");
        }
    }

    private static RunningServer start(Path dir, String yaml) {
        try {
            return RunningServer.start(dir, yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the listener serves a certificate that chains to Pebble's root and is not {@code previous}. */
    private X509Certificate awaitIssued(InetSocketAddress address, Path root, X509Certificate previous)
            throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            X509Certificate c = issuedBy(address, root);
            if (c != null && !c.equals(previous)) {
                return c;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no certificate from Pebble within " + WITHIN + "; Pebble's log:\n" + pebble.log());
    }

    /** The leaf the listener serves for NAME when it chains to {@code root}, else {@code null}. */
    private static X509Certificate issuedBy(InetSocketAddress address, Path root) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(root)) {
            int i = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("root-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), new SecureRandom());
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(5_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(NAME)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        } catch (javax.net.ssl.SSLHandshakeException e) {
            return null; // not trusted yet: the temporary certificate
        }
    }

    private static String curl(int port, Path root) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--cacert", root.toString(), "--resolve",
                NAME + ":" + port + ":127.0.0.1", "https://" + NAME + ":" + port + "/hello.txt")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "curl: " + out);
        return out;
    }
}
