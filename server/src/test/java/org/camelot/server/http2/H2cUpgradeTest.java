package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Upgrade: h2c} with a request body: a body of up to 64 KiB goes along to HTTP/2 (stream 1); a longer or
 * chunked one, or one that waits for {@code 100 Continue}, is answered over HTTP/1.1 without upgrading. Either way
 * the request is answered. The peers: curl {@code --http2} over cleartext, the JDK's HTTP client, and a raw socket.
 */
class H2cUpgradeTest {

    /** What the echo route answers for {@code /echo/x}. */
    static final String ECHO = "hello mount=/echo path=/echo/x route=/x params={} secure=false";

    @TempDir
    static Path dir;
    static RunningServer server;
    static Path small;
    static Path large;

    @BeforeAll
    static void start() throws Exception {
        H2Site site = H2Site.create(dir);
        small = body("small.bin", 40 * 1024);
        large = body("large.bin", 200 * 1024);
        server = RunningServer.start(dir, "listeners:\n  web:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n"
                + "    routes:\n      files:\n        root: " + site.root() + "\n"
                + "      echo:\n        greeting: hello\n");
    }

    private static Path body(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port("web") + path;
    }

    @Test
    void curlTakesABodyAlongToHttp2() throws Exception {
        Curl.Reply r = Curl.run(dir, "--http2", "-X", "GET", "--data-binary", "@" + small, url("/echo/x"));
        assertEquals("HTTP/2", r.protocol(), "101, then the answer on stream 1");
        assertEquals(200, r.status());
        assertEquals(ECHO, r.text());
        Curl.Reply post = Curl.run(dir, "--http2", "--data-binary", "@" + small, url("/echo/x"));
        assertEquals("HTTP/2", post.protocol());
        assertEquals(405, post.status(), "the routes take GET and HEAD: the same answer as over HTTP/1.1");
        assertEquals(Curl.run(dir, "--http1.1", "--data-binary", "@" + small, url("/echo/x")).text(), post.text());
    }

    @Test
    void aBodyPastTheLimitIsAnsweredOverHttp11() throws Exception {
        Curl.Reply r = Curl.run(dir, "--http2", "-X", "GET", "--data-binary", "@" + large, url("/echo/x"));
        assertEquals("HTTP/1.1", r.protocol(), "no upgrade, no failure");
        assertEquals(200, r.status());
        assertEquals(ECHO, r.text());
        Curl.Reply chunked = Curl.run(dir, "--http2", "-X", "GET", "-H", "Transfer-Encoding: chunked",
                "--data-binary", "@" + small, url("/echo/x"));
        assertEquals("HTTP/1.1", chunked.protocol(), "a body of unknown length is not held for an upgrade");
        assertEquals(ECHO, chunked.text());
        Curl.Reply expect = Curl.run(dir, "--http2", "-X", "GET", "-H", "Expect: 100-continue",
                "--data-binary", "@" + small, url("/echo/x"));
        assertEquals("HTTP/1.1", expect.protocol());
        assertEquals(ECHO, expect.text());
    }

    @Test
    void theJdkClientPostsOverTheUpgrade() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url("/echo/x")))
                    .method("GET", HttpRequest.BodyPublishers.ofFile(small)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(ECHO, r.body());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
        }
    }

    @Test
    void aRawUpgradeCarriesItsBodyOnStreamOne() throws Exception {
        byte[] body = Files.readAllBytes(small);
        try (RawH2 c = new RawH2(server.loopback("web"))) {
            c.raw(("GET /echo/x HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.raw(body);
            String head = c.head();
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            c.preface().flush();
            // stream 1 carries the Content-Length; had its DATA not come along whole, the stream would be refused
            // with RST_STREAM PROTOCOL_ERROR (RFC 9113 8.1.1) instead of answered
            assertArrayEquals(ECHO.getBytes(StandardCharsets.UTF_8), c.body(1));
            // and the connection is HTTP/2 from now on
            c.request(3, "/motto.txt");
            c.flush();
            assertArrayEquals(H2Site.MOTTO.getBytes(StandardCharsets.US_ASCII), c.body(3));
        }
    }

    @Test
    void onlyTheFirstRequestMayUpgrade() throws Exception {
        try (RawH2 c = new RawH2(server.loopback("web"))) {
            c.raw("GET /motto.txt HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String first = c.head();
            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            c.bytes(H2Site.MOTTO.length());
            c.raw(("GET /echo/x HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String second = c.head();
            assertTrue(second.startsWith("HTTP/1.1 200 "), "answered over HTTP/1.1, not upgraded: " + second);
            assertFalse(second.contains("101"), second);
            int length = Integer.parseInt(second.replaceAll("(?si).*content-length: *(\\d+).*", "$1"));
            assertEquals(ECHO, new String(c.bytes(length), StandardCharsets.UTF_8));
        }
    }
}
