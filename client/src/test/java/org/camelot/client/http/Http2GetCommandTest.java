package org.camelot.client.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Arrays;
import java.util.List;
import org.camelot.client.Main;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http get --http2} and {@code --http1.1} against real HTTP/2 servers on port 0: h2 by ALPN over TLS, prior
 * knowledge over cleartext, the negotiated protocol in {@code -i}, bodies intact, certificate errors, and servers
 * that do not speak HTTP/2.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2GetCommandTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static Http2TestServer tls;
    static Http2TestServer cleartext;
    static Http2TestServer tlsHttp1Only;
    static Http2TestServer cleartextHttp1Only;
    static Http2TestServer otherHost;

    /** What a run printed and returned. */
    record Run(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        Instant now = Instant.now();
        X509Bundle other = new CertificateBuilder().subject("CN=example.org").ecp256()
                .notBefore(now.minus(1, ChronoUnit.DAYS)).notAfter(now.plus(30, ChronoUnit.DAYS))
                .addSanDnsName("example.org").addExtendedKeyUsageServerAuth().buildIssuedBy(pki.ca());
        Files.writeString(dir.resolve("other.pem"), other.getCertificatePEM());
        Files.writeString(dir.resolve("other-key.pem"), other.getPrivateKeyPEM());
        tls = new Http2TestServer(pki, true, 0);
        cleartext = new Http2TestServer(true, 0);
        tlsHttp1Only = new Http2TestServer(pki, false, 0);
        cleartextHttp1Only = new Http2TestServer(false, 0);
        otherHost = new Http2TestServer(dir.resolve("other.pem"), dir.resolve("other-key.pem"), true, 0);
    }

    @AfterAll
    static void stop() {
        for (Http2TestServer s : List.of(tls, cleartext, tlsHttp1Only, cleartextHttp1Only, otherHost)) {
            s.close();
        }
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

    static String https(Http2TestServer s, String path) {
        return "https://localhost:" + s.port() + path;
    }

    static String http(Http2TestServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    String ca() {
        return pki.caPem().toString();
    }

    @Test
    void negotiatesH2ByAlpnAndShowsTheProtocolWithDashI() {
        Run r = run("http", "get", "--http2", "-i", https(tls, "/motto.txt"), "--cacert", ca());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.text().startsWith("HTTP/2 200\r\n"), r.text());
        assertTrue(r.text().contains("\r\ncontent-length: " + Http2TestServer.MOTTO.length() + "\r\n"), r.text());
        assertTrue(r.text().endsWith("\r\n\r\n" + Http2TestServer.MOTTO), r.text());
        assertEquals("HTTP/2", last(tls));
        assertEquals("localhost:" + tls.port(), tls.lastHeaders.get(":authority"));
        assertEquals("https", tls.lastHeaders.get(":scheme"));
        assertEquals("camelot-client", tls.lastHeaders.get("user-agent"));
    }

    @Test
    void speaksH2WithPriorKnowledgeOverCleartextAndKeepsAMegabyteIntact() {
        Run r = run("http", "get", "--http2", http(cleartext, "/big.bin"));
        assertEquals(0, r.exit(), r.err());
        assertEquals("HTTP/2", last(cleartext));
        assertEquals(Http2TestServer.BIG, r.out().length);
        assertArrayEquals(Http2TestServer.bigBytes(), r.out());
        Run overTls = run("http", "get", "--http2", "-i", https(tls, "/big.bin"), "--cacert", ca());
        assertEquals(0, overTls.exit(), overTls.err());
        byte[] all = overTls.out();
        int body = overTls.text().indexOf("\r\n\r\n") + 4;
        assertTrue(overTls.text().startsWith("HTTP/2 200\r\n"), overTls.text().substring(0, body));
        assertArrayEquals(Http2TestServer.bigBytes(), Arrays.copyOfRange(all, body, all.length));
    }

    @Test
    void http11IsForcedWithItsFlagAndIsTheDefault() {
        Run forced = run("http", "get", "--http1.1", "-i", https(tls, "/motto.txt"), "--cacert", ca());
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(forced.text().startsWith("HTTP/1.1 200 OK\r\n"), forced.text());
        assertTrue(forced.text().endsWith(Http2TestServer.MOTTO), forced.text());
        assertEquals("HTTP/1.1", last(tls));
        Run plain = run("http", "get", "-i", https(tls, "/motto.txt"), "--cacert", ca());
        assertTrue(plain.text().startsWith("HTTP/1.1 200 OK\r\n"), plain.text());
        assertEquals(2, run("http", "get", "--http2", "--http1.1", https(tls, "/")).exit());
        assertEquals(2, run("http", "get", "--http2", "--raw", https(tls, "/")).exit());
    }

    @Test
    void headAndErrorStatusesOverH2() {
        Run head = run("http", "get", "--http2", "--head", http(cleartext, "/big.bin"));
        assertEquals(0, head.exit(), head.err());
        assertTrue(head.text().startsWith("HTTP/2 200\r\n") && head.text().endsWith("\r\n\r\n"), head.text());
        assertTrue(head.text().contains("content-length: " + Http2TestServer.BIG + "\r\n"), head.text());
        assertEquals("HEAD", cleartext.lastHeaders.get(":method"));
        Run missing = run("http", "get", "--http2", http(cleartext, "/missing"), "-H", "X-Quest: grail");
        assertEquals(22, missing.exit());
        assertEquals("not found\n", missing.text());
        assertEquals("grail", cleartext.lastHeaders.get("x-quest"));
    }

    @Test
    void refusesAnUntrustedCertificateOverH2() {
        Run r = run("http", "get", "--http2", https(tls, "/motto.txt"));
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("certificate verify failed: unable to get local issuer certificate"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertEquals(0, r.out().length);
    }

    @Test
    void refusesACertificateForAnotherHostOverH2UnlessInsecure() {
        Run r = run("http", "get", "--http2", https(otherHost, "/motto.txt"), "--cacert", ca());
        assertEquals(1, r.exit());
        assertTrue(r.err().strip().endsWith("host name mismatch: certificate is not valid for 'localhost'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        Run insecure = run("http", "get", "--http2", "-k", https(otherHost, "/motto.txt"));
        assertEquals(0, insecure.exit(), insecure.err());
        assertEquals(Http2TestServer.MOTTO, insecure.text());
    }

    @Test
    void saysWhenATlsServerDoesNotNegotiateH2() {
        Run r = run("http", "get", "--http2", https(tlsHttp1Only, "/motto.txt"), "--cacert", ca());
        assertEquals(1, r.exit());
        assertEquals("http get: https://localhost:" + tlsHttp1Only.port()
                + ": the server does not speak HTTP/2 (ALPN: http/1.1); try --http1.1", r.err().strip());
        assertEquals(0, tlsHttp1Only.requests.get());
    }

    @Test
    void saysWhenACleartextServerAnswersThePrefaceInHttp11() {
        Run r = run("http", "get", "--http2", http(cleartextHttp1Only, "/motto.txt"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the server does not speak HTTP/2 with prior knowledge (it answered \"HTTP/1.1 "),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void saysWhenTheServerDoesNotSpeakTls() {
        Run r = run("http", "get", "--http2", "https://127.0.0.1:" + cleartext.port() + "/", "--cacert", ca());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("TLS handshake failed"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void timesOutWhenTheAnswerDoesNotCome() throws Exception {
        try (Http2TestServer slow = new Http2TestServer(true, 5000)) {
            Run r = run("http", "get", "--http2", "--timeout", "300", http(slow, "/motto.txt"));
            assertEquals(1, r.exit());
            assertEquals("http get: http://127.0.0.1:" + slow.port() + ": timed out after 300 ms", r.err().strip());
        }
    }

    @Test
    void saysWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("http", "get", "--http2", "http://127.0.0.1:" + port + "/");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("http get: http://127.0.0.1:" + port + ": "), r.err());
        assertTrue(r.err().toLowerCase().contains("refused"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    private static String last(Http2TestServer s) {
        return List.copyOf(s.protocols).getLast();
    }
}
