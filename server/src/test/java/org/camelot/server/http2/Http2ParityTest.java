package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same routes answer the same over HTTP/1.1 and HTTP/2: for each request of a list (files, ranges,
 * conditionals, HEAD, precompressed variants, birds, species, a plugin route, 404, 405, 416, 418, 422), curl asks
 * over HTTP/1.1 and over HTTP/2 (prior knowledge on cleartext, ALPN on TLS), and the status, the body and the
 * headers that carry meaning must be equal.
 */
class Http2ParityTest {

    /** Headers compared; Date, Server and the HTTP/1.1 framing and connection headers are not meaningful here. */
    private static final List<String> MEANINGFUL = List.of("content-type", "content-length", "content-encoding",
            "content-range", "etag", "last-modified", "accept-ranges", "vary", "allow", "cache-control", "location",
            "x-plugin");

    static H2Site site;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        site = H2Site.create(d.dir(), true, d.pki());
        return site.yaml("");
    });

    static Stream<Arguments> requests() {
        String far = "Wed, 01 Jan 2100 00:00:00 GMT";
        List<Arguments> out = new ArrayList<>();
        for (boolean tls : new boolean[] {false, true}) {
            out.add(Arguments.of(tls, "/motto.txt", List.<String>of()));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-H", "Range: bytes=0-9")));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-H", "Range: bytes=0-3,10-12,-5")));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-H", "Range: bytes=9999-")));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-H", "If-Modified-Since: " + far)));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-H", "If-Match: \"nope\"")));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-I")));
            out.add(Arguments.of(tls, "/page.html", List.of("-H", "Accept-Encoding: gzip")));
            out.add(Arguments.of(tls, "/style.css", List.of("-H", "Accept-Encoding: gzip")));
            out.add(Arguments.of(tls, "/", List.<String>of()));
            out.add(Arguments.of(tls, "/big.bin", List.<String>of()));
            out.add(Arguments.of(tls, "/big.bin", List.of("-H", "Range: bytes=1000000-2999999")));
            out.add(Arguments.of(tls, "/nope.txt", List.<String>of()));
            out.add(Arguments.of(tls, "/motto.txt", List.of("-X", "DELETE")));
            out.add(Arguments.of(tls, "/birds?year=abc", List.<String>of()));
            out.add(Arguments.of(tls, "/birds?year=2021", List.<String>of()));
            out.add(Arguments.of(tls, "/birds?year=2021", List.of("-H", "Accept-Encoding: gzip")));
            out.add(Arguments.of(tls, "/birds/species", List.<String>of()));
            out.add(Arguments.of(tls, "/plugin/hello?x=1", List.<String>of()));
            out.add(Arguments.of(tls, "/plugin/teapot", List.<String>of()));
        }
        return out.stream();
    }

    private static String url(boolean tls, String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.port(tls ? "webs" : "web") + path;
    }

    private static Curl.Reply curl(boolean tls, boolean h2, String path, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(extra);
        args.add(h2 ? (tls ? "--http2" : "--http2-prior-knowledge") : "--http1.1");
        if (tls) {
            args.addAll(List.of("--cacert", site.pki().caPem().toString()));
        }
        args.add(url(tls, path));
        return Curl.run(server.dir(), args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "tls={0} {1} {2}")
    @MethodSource("requests")
    void answersTheSameOverBothWires(boolean tls, String path, List<String> extra) throws Exception {
        Curl.Reply h1 = curl(tls, false, path, extra);
        Curl.Reply h2 = curl(tls, true, path, extra);
        assertEquals("HTTP/1.1", h1.protocol());
        assertEquals("HTTP/2", h2.protocol());
        assertEquals(h1.status(), h2.status(), "status");
        for (String name : MEANINGFUL) {
            String a = h1.header(name);
            String b = h2.header(name);
            if (name.equals("content-type") && a != null && a.startsWith("multipart/byteranges")) {
                assertTrue(b != null && b.startsWith("multipart/byteranges"), b);
                continue;
            }
            if (name.equals("last-modified") || name.equals("etag")) {
                // the same file, so the same validators; present on both or neither
                assertEquals(a, b, name);
                continue;
            }
            assertEquals(a, b, name);
        }
        if (!extra.contains("-I")) {
            // with -I curl writes the head itself where the body would go
            assertArrayEquals(withoutBoundary(h1), withoutBoundary(h2), "body");
        }
        if (path.equals("/big.bin") && extra.isEmpty()) {
            assertArrayEquals(H2Site.big(), h2.body());
        }
    }

    /** A multipart body with its random boundary replaced, so that two answers compare. */
    private static byte[] withoutBoundary(Curl.Reply r) {
        String type = r.header("content-type");
        if (type == null || !type.startsWith("multipart/byteranges")) {
            return r.body();
        }
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        return r.text().replace(boundary, "BOUNDARY").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRouteFromAPluginJarServesHttp2WithNoEdit() throws Exception {
        Curl.Reply r = curl(true, true, "/plugin/grail?colour=blue", List.of());
        assertEquals("HTTP/2", r.protocol());
        assertEquals(200, r.status());
        assertEquals("hail /grail {colour=[blue]}", r.text());
        assertEquals("greet", r.header("x-plugin"));
        assertEquals("\"g1\"", r.header("etag"));
        Curl.Reply cached = curl(false, true, "/plugin/grail", List.of("-H", "If-None-Match: \"g1\""));
        assertEquals(304, cached.status());
        assertNotNull(cached.header("etag"));
    }
}
