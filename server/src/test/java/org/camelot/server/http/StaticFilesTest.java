package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files route over real sockets, each test over cleartext and over TLS. */
class StaticFilesTest {

    @RegisterExtension
    static final CamelotExtension server = TestSite.daemon("", "");

    static RawHttp connect(boolean tls) throws Exception {
        return TestSite.connect(server, tls);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesAFileWithTheHeadersNginxSends(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/motto.txt");
            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals(TestSite.MOTTO, r.text());
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("58", r.header("Content-Length"));
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertEquals("max-age=60", r.header("Cache-Control"));
            assertEquals("camelot", r.header("Server"));
            long mtime = Files.getLastModifiedTime(TestSite.of(server).root().resolve("motto.txt")).toMillis();
            assertEquals("\"" + Long.toHexString(mtime / 1000) + "-3a\"", r.header("ETag"));
            assertEquals(mtime / 1000, ZonedDateTime.parse(r.header("Last-Modified"),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
            long date = ZonedDateTime.parse(r.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
            assertTrue(Math.abs(date - Instant.now().getEpochSecond()) < 5, r.header("Date"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void headSendsTheSameHeadersWithoutABody(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply get = c.get("/big.bin");
            RawHttp.Reply head = c.head("/big.bin");
            assertEquals(200, head.status());
            assertEquals(String.valueOf(TestSite.BIG), head.header("Content-Length"));
            assertEquals(get.header("ETag"), head.header("ETag"));
            assertEquals(get.header("Content-Type"), head.header("Content-Type"));
            assertEquals(get.header("Last-Modified"), head.header("Last-Modified"));
            assertEquals("application/octet-stream", head.header("Content-Type"));
            // the connection is still in step: no body followed the HEAD answer
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void givesContentTypesByExtension(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals("text/html; charset=utf-8", c.get("/index.html").header("Content-Type"));
            assertEquals("application/json; charset=utf-8", c.get("/data.json").header("Content-Type"));
            assertEquals("text/css; charset=utf-8", c.get("/style.css").header("Content-Type"));
            RawHttp.Reply empty = c.get("/empty.txt");
            assertEquals(200, empty.status());
            assertEquals("0", empty.header("Content-Length"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesNamesThatNeedPercentEncoding(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals("spam spam spam\n", c.get("/caf%C3%A9%20menu.txt").text());
            assertEquals("a directory really named %2e%2e\n", c.get("/%252e%252e/literal.txt").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answers404ForWhatIsNotThere(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/no/such/file.txt");
            assertEquals(404, r.status());
            assertTrue(r.text().contains("404 Not Found"));
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
            assertEquals(404, c.get("/motto.txt/").status(), "a file is not a directory");
            assertEquals(404, c.get("/motto.txt/x").status());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void redirectsADirectoryToItsSlashFormKeepingTheQuery(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/docs?x=1");
            assertEquals(301, r.status());
            assertEquals("/docs/?x=1", r.header("Location"));
            RawHttp.Reply listed = c.get("/listed");
            assertEquals(301, listed.status(), "the mount path of a route is a directory too");
            assertEquals("/listed/", listed.header("Location"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesTheIndexOfADirectory(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals("<html><body>docs index</body></html>\n", c.get("/docs/").text());
            assertEquals("<html><body>home</body></html>\n", c.get("/").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void refusesToListADirectoryByDefault(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/noindex/");
            assertEquals(403, r.status());
            assertFalse(r.text().contains("file.txt"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void listsADirectoryWithEveryNameEscaped(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/listed/");
            assertEquals(200, r.status());
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
            String html = r.text();
            assertFalse(html.contains("<img"), html);
            assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"), html);
            assertTrue(html.contains("href=\"%3Cimg%20src=x%20onerror=alert(1)%3E.txt\""), html);
            assertTrue(html.contains("a&amp;b &quot;c&quot;.txt"), html);
            assertTrue(html.contains("href=\"sub%20dir/\""), html);
            assertFalse(html.contains(".dotfile"), "dotfiles are not listed: " + html);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void sendsPrecompressedVariantsToClientsThatTakeThem(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply plain = c.get("/page.html");
            assertTrue(plain.text().startsWith("<html>page"));
            assertEquals("Accept-Encoding", plain.header("Vary"));
            assertNull(plain.header("Content-Encoding"));

            RawHttp.Reply gz = c.get("/page.html", "Accept-Encoding: gzip");
            assertEquals("GZIP-VARIANT", gz.text());
            assertEquals("gzip", gz.header("Content-Encoding"));
            assertEquals("text/html; charset=utf-8", gz.header("Content-Type"));
            assertEquals("Accept-Encoding", gz.header("Vary"));
            assertFalse(gz.header("ETag").equals(plain.header("ETag")), "each variant has its own tag");

            RawHttp.Reply br = c.get("/page.html", "Accept-Encoding: gzip, deflate, br");
            assertEquals("BROTLI-VARIANT", br.text());
            assertEquals("br", br.header("Content-Encoding"));

            assertEquals("GZIP-VARIANT", c.get("/page.html", "Accept-Encoding: br;q=0, gzip").text());
            RawHttp.Reply head = c.head("/page.html", "Accept-Encoding: gzip");
            assertEquals("12", head.header("Content-Length"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void ignoresAVariantOlderThanItsOriginal(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/style.css", "Accept-Encoding: gzip");
            assertEquals("body { color: blue; }\n", r.text());
            assertNull(r.header("Content-Encoding"));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void refusesWhatIsNotARegularFile(boolean tls) throws Exception {
        Path fifo = TestSite.of(server).root().resolve("fifo-" + tls);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
        try (RawHttp c = connect(tls)) {
            // opening a FIFO would block until a writer comes: it must be refused without being opened
            assertEquals(403, c.get("/fifo-" + tls).status());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesTheSameBytesAsTheFile(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            byte[] expected = Files.readAllBytes(TestSite.of(server).root().resolve("page.html"));
            assertArrayEquals(expected, c.get("/page.html").body());
            assertNotNull(c.get("/page.html").header("Last-Modified"));
        }
    }
}
