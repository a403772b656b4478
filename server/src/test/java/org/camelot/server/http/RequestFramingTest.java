package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies and headers that a connection must not misread, over a real socket: a malformed chunked body, an
 * {@code Expect: 100-continue} request answered before its body, and {@code Host} headers that are not one.
 * The request timeout is long, so that a connection left waiting for one fails the test rather than ending in time.
 */
class RequestFramingTest {

    @RegisterExtension
    static final CamelotExtension server =
            TestSite.daemon("    request-timeout: 30s\n    keep-alive-timeout: 30s\n", "");

    static RawHttp connect() throws Exception {
        return RawHttp.plain(server.port("http"));
    }

    static List<String> malformedSizeLines() {
        return List.of("zz", "-1", "0x5", "10000000000000000", "5;name=\"unterminated", "5;x=" + "e".repeat(100_000),
                "");
    }

    @ParameterizedTest
    @MethodSource("malformedSizeLines")
    void aMalformedChunkSizeGets400AndCloseAtOnce(String sizeLine) throws Exception {
        try (RawHttp c = connect()) {
            c.send("POST /motto.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + sizeLine
                    + "\r\nhello\r\n0\r\n\r\n");
            RawHttp.Reply r = c.read(false);
            if (r.status() == 405) {
                // The head may be answered first, before the body is read; the 400 must follow it.
                r = c.read(false);
            }
            assertEquals(400, r.status(), sizeLine);
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedWithin(3000), "closed at once, not after a timeout");
        }
    }

    @Test
    void aMalformedChunkSizeAfterTheHeadHasBeenAnsweredStillGets400() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /motto.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
            RawHttp.Reply first = c.read(false);
            assertEquals(TestSite.MOTTO, first.text());
            c.send("zz\r\n");
            RawHttp.Reply r = c.read(false);
            assertEquals(400, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedWithin(3000));
        }
    }

    @Test
    void aBadChunkEndGets400AndClose() throws Exception {
        try (RawHttp c = connect()) {
            c.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n");
            RawHttp.Reply r = c.read(false);
            if (r.status() == 405) {
                r = c.read(false);
            }
            assertEquals(400, r.status());
            assertTrue(c.closedWithin(3000));
        }
    }

    @Test
    void aWellFormedChunkedBodyIsSkippedAndTheConnectionKept() throws Exception {
        try (RawHttp c = connect()) {
            c.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=\"quoted; value\"\r\nhello\r\n0\r\n\r\n");
            RawHttp.Reply r = c.read(false);
            assertEquals(405, r.status());
            assertEquals(null, r.header("Connection"));
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
        }
    }

    @Test
    void anEarlyAnswerToExpectContinueClosesSoTheNextRequestIsNotTakenForTheBody() throws Exception {
        String next = "GET /motto.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (RawHttp c = connect()) {
            // The client waits for 100 Continue, gets the final answer instead, and does not send the body.
            c.send("POST /motto.txt HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: "
                    + next.length() + "\r\n\r\n");
            RawHttp.Reply r = c.read(false);
            assertEquals(405, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedWithin(3000));
        }
        try (RawHttp c = connect()) {
            // A client that sent the body anyway: the body is read as one, and nothing runs from it.
            c.send("POST /motto.txt HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: "
                    + next.length() + "\r\n\r\n" + next);
            RawHttp.Reply r = c.read(false);
            assertEquals(405, r.status());
            assertTrue(c.closedWithin(3000) || c.read(false).status() != 200,
                    "the body must never be answered as a request");
        }
        try (RawHttp c = connect()) {
            // The client's real next request goes on a new connection and is answered.
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
        }
    }

    @Test
    void expectContinueWithTheBodyAlreadyReadKeepsTheConnection() throws Exception {
        try (RawHttp c = connect()) {
            c.send("POST /motto.txt HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n");
            RawHttp.Reply r = c.read(false);
            assertEquals(405, r.status());
            assertEquals(null, r.header("Connection"));
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: a b", "Host: a/b@c", "Host: user@localhost", "Host: localhost:80x",
            "Host: localhost\r\nHost: localhost", "Host: [::1", "Host: [zz::1]", "Host: local\"host", "Host: a\\b",
            "Host: localhost:123456", "Host: %zz"})
    void invalidHostsGet400(String hostLines) throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("GET /motto.txt HTTP/1.1\r\n" + hostLines + "\r\n\r\n").read(false);
            assertEquals(400, r.status(), hostLines);
        }
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("GET /motto.txt HTTP/1.0\r\n" + hostLines + "\r\n\r\n").read(false);
            assertEquals(400, r.status(), "HTTP/1.0 too: " + hostLines);
        }
    }

    @Test
    void aMissingHostGets400OnHttp11Only() throws Exception {
        try (RawHttp c = connect()) {
            assertEquals(400, c.send("GET /motto.txt HTTP/1.1\r\n\r\n").read(false).status());
        }
        try (RawHttp c = connect()) {
            assertEquals(TestSite.MOTTO, c.send("GET /motto.txt HTTP/1.0\r\n\r\n").read(false).text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:8443",
            "[2001:db8::7]", "[v1.fe80::a+en1]", "example.com.", "xn--bcher-kva.example", "a-b_c~d", "%41.example",
            "host:", ""})
    void validHostsAreServed(String host) throws Exception {
        try (RawHttp c = connect()) {
            RawHttp.Reply r = c.send("GET /motto.txt HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read(false);
            assertEquals(200, r.status(), host);
        }
    }
}
