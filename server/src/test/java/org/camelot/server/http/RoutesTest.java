package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routes added by a plugin (the test's {@code echo} route type, found by ServiceLoader like any other): mounting,
 * query parameters, streamed and compressed answers, validators, failures, and route settings errors reported
 * with their key path.
 */
class RoutesTest {

    static TestSite site;

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(RoutesTest::yaml);

    static String routes(String root) {
        return "    routes:\n"
                + "      files:\n        root: " + root + "\n"
                + "      echo:\n        greeting: hello\n"
                + "      deeper:\n        type: echo\n        path: /echo/deeper/\n        greeting: deep\n"
                + "        chunks: 300\n        chunk-size: 3000\n";
    }

    static String yaml(CamelotExtension d) throws Exception {
        site = TestSite.create(d.dir(), d.pki());
        return "listeners:\n"
                + "  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routes(site.root().toString())
                + "  https:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + site.pki().tlsYaml(4)
                + routes(site.root().toString());
    }

    static RawHttp connect(boolean tls) throws Exception {
        return RawHttp.open(tls, server.port(tls ? "https" : "http"), site.pki().caPem());
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = EchoRouteProvider.PatternInput.at(i);
        }
        return b;
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void theLongestMountPathAnswers(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals("hello mount=/echo path=/echo route= params={} secure=" + tls, c.get("/echo").text());
            assertTrue(c.get("/echo/x/y").text().contains("path=/echo/x/y route=/x/y"));
            assertTrue(c.get("/echo/deeper/z").text().startsWith("deep mount=/echo/deeper path=/echo/deeper/z route=/z"));
            assertTrue(c.get("/echo/deeper").text().startsWith("deep "));
            assertEquals(404, c.get("/echoes").status(), "a mount path matches whole segments only");
            assertEquals("<html><body>home</body></html>\n", c.get("/").text());
            assertTrue(c.get("/echo/../echo/a").text().contains("route=/a"), "paths are normalized first");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void passesDecodedQueryParameters(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            String text = c.get("/echo?year=2021&species=st%20jay&species=bkcchi&flag&empty=").text();
            assertTrue(text.contains("params={year=[2021], species=[st jay, bkcchi], flag=[], empty=[]}"), text);
            assertEquals(400, c.get("/echo?year=%zz").status(), "a malformed query is a malformed request");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void streamsAnAnswerOfUnknownLengthChunked(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/stream");
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertArrayEquals(pattern(10 * 1000), r.body());
            RawHttp.Reply big = c.get("/echo/deeper/stream");
            assertArrayEquals(pattern(300 * 3000), big.body(), "900 kB streamed as the client reads");
            assertEquals("hello mount=/echo path=/echo route= params={} secure=" + tls, c.get("/echo").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void streamsAnAnswerOfKnownLengthWithContentLength(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/stream-known");
            assertEquals("10000", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertArrayEquals(pattern(10_000), r.body());
            RawHttp.Reply head = c.head("/echo/stream-known");
            assertEquals("10000", head.header("Content-Length"));
            assertEquals(10_000, c.get("/echo/stream-known").body().length, "still in step after HEAD");
        }
    }

    @Test
    void streamsAnAnswerOfUnknownLengthToHttp10UntilClose() throws Exception {
        try (RawHttp c = connect(false)) {
            RawHttp.Reply r = c.send("GET /echo/stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read(false);
            assertEquals("close", r.header("Connection"));
            assertArrayEquals(pattern(10_000), r.body());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void gzipsCompressibleAnswersForClientsThatAcceptIt(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply plain = c.get("/echo/json");
            assertNull(plain.header("Content-Encoding"));
            assertEquals("Accept-Encoding", plain.header("Vary"));
            assertEquals("\"v1\"", plain.header("ETag"));
            RawHttp.Reply gz = c.get("/echo/json", "Accept-Encoding: gzip, br");
            assertEquals("gzip", gz.header("Content-Encoding"));
            assertEquals("W/\"v1\"", gz.header("ETag"), "the compressed variant's tag is weak");
            assertEquals(String.valueOf(gz.body().length), gz.header("Content-Length"));
            assertTrue(gz.body().length < plain.body().length / 4);
            assertArrayEquals(plain.body(), gunzip(gz.body()));
            RawHttp.Reply stream = c.get("/echo/deeper/stream?gz=1", "Accept-Encoding: gzip");
            assertEquals("gzip", stream.header("Content-Encoding"));
            assertEquals("chunked", stream.header("Transfer-Encoding"));
            assertArrayEquals(pattern(300 * 3000), gunzip(stream.body()));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answers304ForARoutesOwnEntityTag(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/json", "If-None-Match: \"v1\"");
            assertEquals(304, r.status());
            assertEquals("\"v1\"", r.header("ETag"));
            RawHttp.Reply gz = c.get("/echo/json", "If-None-Match: W/\"v1\"", "Accept-Encoding: gzip");
            assertEquals(304, gz.status());
            assertEquals("W/\"v1\"", gz.header("ETag"));
            assertEquals("Accept-Encoding", gz.header("Vary"));
            assertEquals(200, c.get("/echo/json", "If-None-Match: \"v0\"").status());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesRangesOfARoutesByteAnswer(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/json", "Range: bytes=0-8");
            assertEquals(206, r.status());
            assertEquals("[{\"n\":0,\"", r.text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void waitsForAnAnswerCompletedOnAnotherThreadKeepingTheOrder(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            c.send("GET /echo/async HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/now HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("answered later", c.read(false).text());
            assertTrue(c.read(false).text().contains("route=/now"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aFailingRouteGets500AndTheConnectionGoesOn(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(500, c.get("/echo/fail").status());
            assertTrue(c.get("/echo").text().startsWith("hello"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void keepsARoutesOwnErrorBody(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/unprocessable");
            assertEquals("HTTP/1.1 422 Unprocessable Entity", r.statusLine());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("{\"detail\":\"bad year\"}", r.text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void writesTheFramingHeadersItselfAndKeepsTheRest(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/echo/headers");
            assertEquals("1", r.header("Content-Length"));
            assertEquals("yes", r.header("X-Custom"));
            assertEquals(List.of("Accept", "Accept-Encoding"), r.headers().get("vary"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void otherMethodsGet405OnRoutesToo(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.request("PUT", "/echo", "Content-Length: 3").send("abc").read(false);
            assertEquals(405, r.status());
            assertEquals("GET, HEAD", r.header("Allow"));
            assertTrue(c.get("/echo").text().startsWith("hello"));
        }
    }

    private static String configError(String routeBlock) throws Exception {
        Path d = server.dir().resolve("bad-" + System.nanoTime());
        String yaml = "listeners:\n  http:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n" + routeBlock;
        ConfigException e = assertThrows(ConfigException.class, () -> RunningServer.start(d, yaml).close());
        return e.getMessage();
    }

    @Test
    void reportsBadRouteSettingsWithTheirKeyPath() throws Exception {
        String unknown = configError("    routes:\n      echo:\n        bogus: 1\n");
        assertTrue(unknown.contains("listeners.http.routes.echo.bogus"), unknown);
        String range = configError("    routes:\n      echo:\n        chunks: -1\n");
        assertTrue(range.contains("listeners.http.routes.echo.chunks: -1 (expected: an integer from 0 to 100000)"),
                range);
        String refused = configError("    routes:\n      echo:\n        greeting: refuse\n");
        assertTrue(refused.contains("listeners.http.routes.echo.greeting: \"refuse\""), refused);
        String missingRoot =
                configError("    routes:\n      files:\n        root: " + server.dir().resolve("nowhere") + "\n");
        assertTrue(missingRoot.contains("listeners.http.routes.files.root") && missingRoot.contains("an existing directory"),
                missingRoot);
        String noRoot = configError("    routes:\n      files: {}\n");
        assertTrue(noRoot.contains("listeners.http.routes.files.root: (missing)"), noRoot);
    }

    @Test
    void reportsUnknownRouteTypesAndClashingPaths() throws Exception {
        String unknownType = configError("    routes:\n      mystery:\n        path: /m\n");
        assertTrue(unknownType.contains("listeners.http.routes.mystery") && unknownType.contains("echo")
                && unknownType.contains("files"), unknownType);
        String badType = configError("    routes:\n      x:\n        type: nothing\n");
        assertTrue(badType.contains("listeners.http.routes.x.type: \"nothing\""), badType);
        String clash = configError("    routes:\n      a:\n        type: echo\n        path: /same\n"
                + "      b:\n        type: echo\n        path: /same/\n");
        assertTrue(clash.contains("listeners.http.routes.b.path: \"/same\""), clash);
        String badPath = configError("    routes:\n      echo:\n        path: relative\n");
        assertTrue(badPath.contains("listeners.http.routes.echo.path"), badPath);
        String none = configError("");
        assertTrue(none.contains("listeners.http.routes: (missing)"), none);
    }
}
