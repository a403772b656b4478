package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP/3 on a TLS listener with {@code http3: true}, over real UDP sockets: each route answers the same over HTTP/1.1,
 * HTTP/2 and HTTP/3; a 10 MiB file arrives intact; a client that stops reading holds the server to bounded memory;
 * HTTP/1.1 and HTTP/2 answers advertise HTTP/3 with Alt-Svc; the access log and meters name the protocol.
 */
class Http3Test {

    /** Fields compared; Date, Server and framing are not meaningful here. */
    private static final List<String> MEANINGFUL = List.of("content-type", "content-length", "content-encoding",
            "content-range", "etag", "last-modified", "accept-ranges", "vary", "allow", "cache-control", "location",
            "x-custom");

    static H3Site site;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        site = H3Site.create(d.dir(), d.pki());
        return site.yaml("");
    });

    static Stream<Arguments> requests() {
        String far = "Wed, 01 Jan 2100 00:00:00 GMT";
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("GET", "/motto.txt", List.<String>of()));
        out.add(Arguments.of("GET", "/motto.txt", List.of("Range", "bytes=0-9")));
        out.add(Arguments.of("GET", "/motto.txt", List.of("Range", "bytes=0-3,10-12,-5")));
        out.add(Arguments.of("GET", "/motto.txt", List.of("Range", "bytes=9999-")));
        out.add(Arguments.of("GET", "/motto.txt", List.of("If-Modified-Since", far)));
        out.add(Arguments.of("GET", "/motto.txt", List.of("If-Match", "\"nope\"")));
        out.add(Arguments.of("HEAD", "/motto.txt", List.<String>of()));
        out.add(Arguments.of("GET", "/page.html", List.of("Accept-Encoding", "gzip")));
        out.add(Arguments.of("GET", "/style.css", List.of("Accept-Encoding", "gzip")));
        out.add(Arguments.of("GET", "/", List.<String>of()));
        out.add(Arguments.of("GET", "/big.bin", List.of("Range", "bytes=1000000-2999999")));
        out.add(Arguments.of("GET", "/nope.txt", List.<String>of()));
        out.add(Arguments.of("DELETE", "/motto.txt", List.<String>of()));
        out.add(Arguments.of("GET", "/birds?year=abc", List.<String>of()));
        out.add(Arguments.of("GET", "/birds?year=2021", List.<String>of()));
        out.add(Arguments.of("GET", "/birds?year=2021", List.of("Accept-Encoding", "gzip")));
        out.add(Arguments.of("GET", "/birds/species", List.<String>of()));
        out.add(Arguments.of("GET", "/plugin/hello?x=1", List.<String>of()));
        out.add(Arguments.of("GET", "/plugin/json", List.of("Accept-Encoding", "gzip")));
        out.add(Arguments.of("GET", "/plugin/headers", List.<String>of()));
        out.add(Arguments.of("GET", "/plugin/fail", List.<String>of()));
        out.add(Arguments.of("GET", "/plugin/unprocessable", List.<String>of()));
        out.add(Arguments.of("GET", "/plugin/stream", List.<String>of()));
        return out.stream();
    }

    private static HttpResponse<byte[]> jdk(HttpClient.Version version, String method, String path,
                                            List<String> fields) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port("webs") + path))
                .version(version).method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < fields.size(); i += 2) {
            b.header(fields.get(i), fields.get(i + 1));
        }
        HttpResponse<byte[]> r = server.httpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(version, r.version());
        return r;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("requests")
    void answersTheSameOverAllThreeWires(String method, String path, List<String> fields) throws Exception {
        HttpResponse<byte[]> h1 = jdk(HttpClient.Version.HTTP_1_1, method, path, fields);
        HttpResponse<byte[]> h2 = jdk(HttpClient.Version.HTTP_2, method, path, fields);
        H3Client.Reply h3;
        try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem())) {
            h3 = c.get(method, path, fields.toArray(String[]::new));
        }
        assertEquals(h1.statusCode(), h3.status(), "status over h1 and h3");
        assertEquals(h2.statusCode(), h3.status(), "status over h2 and h3");
        for (String name : MEANINGFUL) {
            String a = h1.headers().firstValue(name).orElse(null);
            String b = h3.header(name);
            if (name.equals("content-type") && a != null && a.startsWith("multipart/byteranges")) {
                assertTrue(b != null && b.startsWith("multipart/byteranges"), b);
                continue;
            }
            assertEquals(a, b, name);
            assertEquals(h2.headers().firstValue(name).orElse(null), b, name + " over h2 and h3");
        }
        assertArrayEquals(withoutBoundary(h1.body(), h1.headers().firstValue("content-type").orElse(null)),
                withoutBoundary(h3.body(), h3.header("content-type")), "body");
        assertArrayEquals(withoutBoundary(h2.body(), h2.headers().firstValue("content-type").orElse(null)),
                withoutBoundary(h3.body(), h3.header("content-type")), "body over h2 and h3");
    }

    private static byte[] withoutBoundary(byte[] body, String type) {
        if (type == null || !type.startsWith("multipart/byteranges")) {
            return body;
        }
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        return new String(body, StandardCharsets.ISO_8859_1).replace(boundary, "BOUNDARY")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aTenMebibyteFileArrivesIntact() throws Exception {
        try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem())) {
            H3Client.Reply r = c.get("/big.bin");
            assertEquals(200, r.status());
            assertEquals(String.valueOf(H3Site.BIG), r.header("content-length"));
            assertArrayEquals(H3Site.big(), r.body());
            // a second request on the same connection
            assertEquals(H3Site.MOTTO, c.get("/motto.txt").text());
        }
    }

    @Test
    void http1AndHttp2AnswersAdvertiseHttp3() throws Exception {
        String expected = "h3=\":" + server.port("webs") + "\"; ma=86400";
        assertEquals(expected, jdk(HttpClient.Version.HTTP_1_1, "GET", "/motto.txt", List.of()).headers()
                .firstValue("alt-svc").orElse(null));
        assertEquals(expected, jdk(HttpClient.Version.HTTP_2, "GET", "/nope", List.of()).headers()
                .firstValue("alt-svc").orElse(null));
    }

    @Test
    void aClientThatStopsReadingHoldsBoundedMemory() throws Exception {
        long before = usedDirectMemory();
        try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem(), 64 * 1024)) {
            List<H3Client.Request> stalled = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                H3Client.Request r = c.open("GET", "/big.bin", false);
                stalled.add(r);
            }
            for (H3Client.Request r : stalled) {
                assertEquals(200, r.head.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            Thread.sleep(1500);
            long held = usedDirectMemory() - before;
            // 20 answers of 10 MiB: 200 MiB had the server buffered them
            assertTrue(held < 48L * 1024 * 1024, "held " + held + " bytes for a client that reads nothing");
            // the server keeps serving others meanwhile, and a stalled stream resumes when read
            try (H3Client other = new H3Client(server.port("webs"), site.pki().caPem())) {
                assertEquals(H3Site.MOTTO, other.get("/motto.txt").text());
            }
            H3Client.Request first = stalled.get(0);
            first.resume();
            assertArrayEquals(H3Site.big(), first.answer.get(60, java.util.concurrent.TimeUnit.SECONDS).body());
        }
    }

    @Test
    void theAccessLogAndTheMetersNameHttp3() throws Exception {
        try (H3Client c = new H3Client(server.port("webs"), site.pki().caPem())) {
            assertEquals(404, c.get("/missing-for-meters").status());
        }
        String scrape = server.server().scrape();
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("camelot_http_requests")
                && l.contains("protocol=\"HTTP/3.0\"")), "requests counted by protocol");
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("camelot_quic_connections_total")
                && l.contains("event=\"opened\"") && !l.endsWith(" 0.0")), "QUIC connections counted");
        assertTrue(scrape.contains("camelot_quic_handshake_failures_total"), "handshake failures counted");
        assertTrue(scrape.lines().anyMatch(l -> l.startsWith("camelot_http3_streams_total")), "streams counted");
    }

    private static long usedDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory() : 0;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
