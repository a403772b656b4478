package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conditional requests (304, 412, If-Range) and byte ranges (206, 416) over real sockets, cleartext and TLS. */
class ConditionalRangeTest {

    static final String MOTTO = TestSite.MOTTO;

    @RegisterExtension
    static final CamelotExtension server = TestSite.daemon("", "");

    static RawHttp connect(boolean tls) throws Exception {
        return TestSite.connect(server, tls);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void ifNoneMatchGives304WithTheValidatorsAndNoBody(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply first = c.get("/motto.txt");
            String etag = first.header("ETag");
            RawHttp.Reply again = c.get("/motto.txt", "If-None-Match: " + etag);
            assertEquals(304, again.status());
            assertEquals(etag, again.header("ETag"));
            assertEquals(first.header("Last-Modified"), again.header("Last-Modified"));
            assertEquals("max-age=60", again.header("Cache-Control"));
            assertNull(again.header("Content-Length"));
            assertEquals(304, c.get("/motto.txt", "If-None-Match: \"nope\", W/" + etag).status());
            assertEquals(304, c.head("/motto.txt", "If-None-Match: *").status());
            assertEquals(200, c.get("/motto.txt", "If-None-Match: \"other\"").status());
            // the connection is still in step after the bodiless 304s
            assertEquals(MOTTO, c.get("/motto.txt").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void ifModifiedSinceGives304UnlessChangedSince(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            String lastModified = c.get("/big.bin").header("Last-Modified");
            assertEquals(304, c.get("/big.bin", "If-Modified-Since: " + lastModified).status());
            assertEquals(304, c.get("/big.bin", "If-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT").status());
            RawHttp.Reply old = c.get("/motto.txt", "If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT");
            assertEquals(200, old.status());
            assertEquals(MOTTO, old.text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void malformedDatesAreIgnoredNeverAnError(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (String date : List.of("yesterday", "Fri, 31 Dec 2100", "99999999999", "Sun, 32 Foo 2024 25:61:61 GMT",
                    ",,,", "Mon, 01 Jan 1970 25:00:00 GMT")) {
                RawHttp.Reply r = c.get("/motto.txt", "If-Modified-Since: " + date, "If-Unmodified-Since: " + date);
                assertEquals(200, r.status(), date);
                assertEquals(MOTTO, r.text());
                RawHttp.Reply ranged = c.get("/motto.txt", "Range: bytes=0-6", "If-Range: " + date);
                assertEquals(200, ranged.status(), "If-Range that cannot be read sends the whole file: " + date);
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void ifMatchAndIfUnmodifiedSinceGive412(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            String etag = c.get("/motto.txt").header("ETag");
            assertEquals(200, c.get("/motto.txt", "If-Match: " + etag).status());
            assertEquals(412, c.get("/motto.txt", "If-Match: \"stale\"").status());
            assertEquals(412, c.get("/motto.txt", "If-Unmodified-Since: Thu, 01 Jan 1970 00:00:01 GMT").status());
            assertEquals(MOTTO, c.get("/motto.txt").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesSingleRanges(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/motto.txt", "Range: bytes=0-6");
            assertEquals(206, r.status());
            assertEquals("Camelot", r.text());
            assertEquals("bytes 0-6/58", r.header("Content-Range"));
            assertEquals("7", r.header("Content-Length"));
            assertEquals("text/plain; charset=utf-8", r.header("Content-Type"));
            assertEquals("request.\n", c.get("/motto.txt", "Range: bytes=-9").text());
            assertEquals("request.\n", c.get("/motto.txt", "Range: bytes=49-").text());
            assertEquals("\n", c.get("/motto.txt", "Range: bytes=57-57").text());
            RawHttp.Reply clamped = c.get("/motto.txt", "Range: bytes=50-1000");
            assertEquals("bytes 50-57/58", clamped.header("Content-Range"));
            assertEquals(MOTTO, c.get("/motto.txt", "Range: bytes=-100").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answers416ForRangesOutsideTheFile(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (String range : List.of("bytes=58-", "bytes=100-200", "bytes=-0", "bytes=58-58,60-70")) {
                RawHttp.Reply r = c.get("/motto.txt", "Range: " + range);
                assertEquals(416, r.status(), range);
                assertEquals("bytes */58", r.header("Content-Range"), range);
            }
            RawHttp.Reply empty = c.get("/empty.txt", "Range: bytes=0-");
            assertEquals(416, empty.status());
            assertEquals("bytes */0", empty.header("Content-Range"));
            assertEquals(MOTTO, c.get("/motto.txt").text());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void sendsTheWholeFileForMalformedOrOverlappingRanges(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (String range : List.of("bytes=5-1", "bytes=abc", "lines=0-1", "bytes=0-10,5-20", "bytes=0-5,5-9")) {
                RawHttp.Reply r = c.get("/motto.txt", "Range: " + range);
                assertEquals(200, r.status(), range);
                assertEquals(MOTTO, r.text(), range);
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void servesSeveralRangesAsMultipart(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/motto.txt", "Range: bytes=0-6, 9-10, -9");
            assertEquals(206, r.status());
            String type = r.header("Content-Type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            String body = r.text();
            assertEquals(String.valueOf(r.body().length), r.header("Content-Length"));
            assertTrue(body.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-6/58\r\n"), body);
            assertTrue(body.contains("Content-Range: bytes 49-57/58"), body);
            List<byte[]> parts = Multiparts.parts(r.body(), type.substring(type.indexOf('=') + 1));
            assertEquals(List.of("Camelot", "ti", "request.\n"), parts.stream().map(String::new).toList());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void ifRangeHonoursTheCurrentValidatorOnly(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply first = c.get("/motto.txt");
            assertEquals(206, c.get("/motto.txt", "Range: bytes=0-6", "If-Range: " + first.header("ETag")).status());
            assertEquals(206, c.get("/motto.txt", "Range: bytes=0-6", "If-Range: " + first.header("Last-Modified"))
                    .status());
            RawHttp.Reply changed = c.get("/motto.txt", "Range: bytes=0-6", "If-Range: \"old-tag\"");
            assertEquals(200, changed.status());
            assertEquals(MOTTO, changed.text());
            assertEquals(200, c.get("/motto.txt", "Range: bytes=0-6", "If-Range: W/" + first.header("ETag"))
                    .status(), "a weak tag never validates a range");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void headIgnoresRange(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.head("/motto.txt", "Range: bytes=0-6");
            assertEquals(200, r.status());
            assertEquals("58", r.header("Content-Length"));
        }
    }
}
