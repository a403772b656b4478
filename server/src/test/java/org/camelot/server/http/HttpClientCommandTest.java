package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.camelot.client.Main;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code camelot-client http get} against real listeners: output modes, exit codes, and TLS verification errors
 * from a self-signed certificate and from a certificate for another host.
 */
class HttpClientCommandTest {

    static TestSite site;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(HttpClientCommandTest::yaml);

    /** What a run printed and returned. */
    record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    static ch.qos.logback.classic.Level rootLevel;

    static String yaml(CamelotExtension d) throws Exception {
        // The server logs to standard output, which these tests capture from the client: silence it.
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.OFF);
        site = TestSite.create(d.dir(), d.pki());
        Instant now = Instant.now();
        X509Bundle selfSigned = new CertificateBuilder().subject("CN=localhost").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                .addSanDnsName("localhost").addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).buildSelfSigned();
        X509Bundle otherHost = new CertificateBuilder().subject("CN=example.org").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                .addSanDnsName("example.org").addExtendedKeyUsageServerAuth().buildIssuedBy(site.pki().ca());
        Path certs = Files.createDirectories(d.dir().resolve("more-certs"));
        Files.writeString(certs.resolve("self.pem"), selfSigned.getCertificatePEM());
        Files.writeString(certs.resolve("self-key.pem"), selfSigned.getPrivateKeyPEM());
        Files.writeString(certs.resolve("other.pem"), otherHost.getCertificatePEM());
        Files.writeString(certs.resolve("other-key.pem"), otherHost.getPrivateKeyPEM());
        String routes = "    routes:\n      files:\n        root: " + site.root() + "\n";
        String yaml = site.yaml("", "")
                + "  selfsigned:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    tls:\n"
                + "      certificate: " + certs.resolve("self.pem") + "\n"
                + "      private-key: " + certs.resolve("self-key.pem") + "\n" + routes
                + "  otherhost:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    tls:\n"
                + "      certificate: " + certs.resolve("other.pem") + "\n"
                + "      private-key: " + certs.resolve("other-key.pem") + "\n" + routes;
        return yaml;
    }

    @AfterAll
    static void stop() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(rootLevel);
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(args);
            System.out.flush();
            return new Run(exit, o.toByteArray(), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static String url(String listener, String host, String path) {
        boolean tls = !listener.equals("http");
        return (tls ? "https://" : "http://") + host + ":" + server.port(listener) + path;
    }

    String ca() {
        return site.pki().caPem().toString();
    }

    @Test
    void printsTheBody() {
        Run r = run("http", "get", url("http", "127.0.0.1", "/motto.txt"));
        assertEquals(0, r.exit(), r.err());
        assertEquals(TestSite.MOTTO, r.text());
        Run big = run("http", "get", url("https", "localhost", "/big.bin"), "--cacert", ca());
        assertEquals(0, big.exit(), big.err());
        assertEquals(TestSite.sha256(TestSite.bigBytes()), TestSite.sha256(big.out()));
    }

    @Test
    void includesTheHeadWithDashI() {
        Run r = run("http", "get", "-i", url("https", "localhost", "/motto.txt"), "--cacert", ca());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.text().startsWith("HTTP/1.1 200 OK\r\n"), r.text());
        assertTrue(r.text().contains("\r\nContent-Length: 58\r\n"), r.text());
        assertTrue(r.text().endsWith("\r\n\r\n" + TestSite.MOTTO), r.text());
    }

    @Test
    void sendsHeadWithDashDashHead() {
        Run r = run("http", "get", "--head", url("http", "127.0.0.1", "/big.bin"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.text().startsWith("HTTP/1.1 200 OK\r\n") && r.text().endsWith("\r\n\r\n"), r.text());
        assertTrue(r.text().contains("Content-Length: " + TestSite.BIG + "\r\n"), r.text());
    }

    @Test
    void printsTheExactBytesWithRaw() {
        Run raw = run("http", "get", "--raw", url("http", "127.0.0.1", "/motto.txt"));
        Run include = run("http", "get", "-i", url("http", "127.0.0.1", "/motto.txt"));
        assertEquals(0, raw.exit(), raw.err());
        assertTrue(raw.text().startsWith("HTTP/1.1 200 OK\r\n"));
        assertTrue(raw.text().endsWith("\r\n\r\n" + TestSite.MOTTO));
        assertEquals(include.text().replaceAll("Date: .*\r\n", ""), raw.text().replaceAll("Date: .*\r\n", ""));
    }

    @Test
    void exitsWith22OnAnErrorStatusAndStillPrintsTheBody() {
        Run r = run("http", "get", url("http", "127.0.0.1", "/missing"));
        assertEquals(22, r.exit());
        assertTrue(r.text().contains("404 Not Found"));
    }

    @Test
    void refusesASelfSignedCertificate() {
        Run r = run("http", "get", url("selfsigned", "localhost", "/motto.txt"), "--cacert", ca());
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("certificate verify failed: self-signed certificate"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals(0, r.out().length);
    }

    @Test
    void refusesACertificateForAnotherHost() {
        Run r = run("http", "get", url("otherhost", "localhost", "/motto.txt"), "--cacert", ca());
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("host name mismatch: certificate is not valid for 'localhost'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void refusesACertificateFromAnUntrustedCaWithTheSystemTrustStore() {
        Run r = run("http", "get", url("https", "localhost", "/motto.txt"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("certificate verify failed: unable to get local issuer certificate"), r.err());
    }

    @Test
    void acceptsAnyCertificateWithInsecure() {
        Run self = run("http", "get", "--insecure", url("selfsigned", "localhost", "/motto.txt"));
        assertEquals(0, self.exit(), self.err());
        assertEquals(TestSite.MOTTO, self.text());
        Run other = run("http", "get", "-k", url("otherhost", "localhost", "/motto.txt"));
        assertEquals(TestSite.MOTTO, other.text());
    }

    @Test
    void saysWhenTheServerDoesNotSpeakTls() {
        Run r = run("http", "get", "https://127.0.0.1:" + server.port("http") + "/", "--cacert", ca());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("TLS handshake failed"), r.err());
    }

    @Test
    void saysWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("http", "get", "http://127.0.0.1:" + port + "/");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("http get: http://127.0.0.1:" + port + ": "), r.err());
        assertEquals(2, run("http", "get", "ftp://example.org/").exit());
    }
}
