package org.camelot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keep-alive, pipelining, limits and timeouts of a connection, over real sockets, cleartext and TLS. */
class ConnectionBehaviourTest {

    static final String LIMITS = "    request-timeout: 600ms\n    keep-alive-timeout: 1500ms\n"
            + "    max-request-line-length: 256\n    max-header-size: 1024\n    max-header-count: 20\n";

    @RegisterExtension
    static final CamelotExtension server = TestSite.daemon(LIMITS, "");

    static RawHttp connect(boolean tls) throws Exception {
        return TestSite.connect(server, tls);
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void keepsTheConnectionForManyRequests(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            for (int i = 0; i < 50; i++) {
                assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
            }
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answersPipelinedRequestsInOrder(boolean tls) throws Exception {
        List<String> targets = List.of("/motto.txt", "/nope", "/big.bin", "/docs/", "/docs", "/empty.txt",
                "/page.html", "/motto.txt", "/listed/", "/big.bin");
        StringBuilder all = new StringBuilder();
        for (String t : targets) {
            all.append("GET ").append(t).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        all.append("HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
        all.append("GET /motto.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        try (RawHttp c = connect(tls)) {
            c.send(all.toString());
            List<Integer> statuses = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                RawHttp.Reply r = c.read(false);
                statuses.add(r.status());
                lengths.add(r.body().length);
            }
            assertEquals(List.of(200, 404, 200, 200, 301, 200, 200, 200, 200, 200), statuses);
            assertEquals(TestSite.BIG, lengths.get(2));
            assertEquals(TestSite.BIG, lengths.get(9));
            assertEquals(58, lengths.get(7));
            RawHttp.Reply head = c.read(true);
            assertEquals(String.valueOf(TestSite.BIG), head.header("Content-Length"));
            RawHttp.Reply last = c.read(false);
            assertEquals(TestSite.MOTTO, last.text());
            assertEquals("close", last.header("Connection"));
            assertTrue(c.closedWithin(2000));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void closesAfterSeveralMalformedRequestsInARow(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(400, c.get("/%zz").status());
            assertEquals(400, c.get("/..").status());
            RawHttp.Reply third = c.get("/%00");
            assertEquals(400, third.status());
            assertEquals("close", third.header("Connection"));
            assertTrue(c.closedWithin(2000));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answers414ForATooLongRequestLine(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            RawHttp.Reply r = c.get("/" + "x".repeat(300));
            assertEquals(414, r.status());
            assertTrue(c.closedWithin(2000));
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void answers431ForTooLargeHeaders(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(431, c.get("/motto.txt", "X-Big: " + "y".repeat(1100)).status());
            assertTrue(c.closedWithin(2000));
        }
        try (RawHttp c = connect(tls)) {
            String[] many = new String[25];
            for (int i = 0; i < many.length; i++) {
                many[i] = "X-Many-" + i + ": v";
            }
            assertEquals(431, c.get("/motto.txt", many).status());
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text(), "too many lines: the request was still framed");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void cutsOffAClientThatTricklesItsHeaders(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            long start = System.nanoTime();
            c.send("GET /motto.txt HTTP/1.1\r\nHost: localhost\r\n");
            byte[] answer = null;
            for (int i = 0; i < 40 && answer == null; i++) {
                try {
                    c.send("X-Slow-" + i + ": still typing\r\n");
                } catch (IOException closed) {
                    answer = c.readToEnd();
                    break;
                }
                Thread.sleep(100);
                if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(2500)) {
                    answer = c.readToEnd();
                }
            }
            if (answer == null) {
                answer = c.readToEnd();
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 408 Request Timeout\r\n"), text);
            assertTrue(elapsed >= 550, "cut off after the request timeout, not before: " + elapsed + " ms");
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void closesAnIdleKeepAliveConnection(boolean tls) throws Exception {
        try (RawHttp c = connect(tls)) {
            assertEquals(TestSite.MOTTO, c.get("/motto.txt").text());
            long start = System.nanoTime();
            assertTrue(c.closedWithin(4000), "closed after the keep-alive timeout");
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsed >= 1200, "not before the keep-alive timeout: " + elapsed + " ms");
        }
    }

    @Test
    void http10GetsOneAnswerPerConnectionUnlessItAsksForKeepAlive() throws Exception {
        try (RawHttp c = connect(false)) {
            RawHttp.Reply r = c.send("GET /motto.txt HTTP/1.0\r\n\r\n").read(false);
            assertEquals(TestSite.MOTTO, r.text());
            assertEquals("close", r.header("Connection"));
            assertTrue(c.closedWithin(2000));
        }
        try (RawHttp c = connect(false)) {
            RawHttp.Reply r = c.send("GET /motto.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read(false);
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(TestSite.MOTTO, c.send("GET /motto.txt HTTP/1.0\r\n\r\n").read(false).text());
        }
    }

    @Test
    void drainFinishesTheAnswerInProgressAndClosesIdleConnections() throws Exception {
        Path own = server.dir().resolve("drain");
        TestSite drainSite = TestSite.create(own);
        RunningServer drained = RunningServer.start(own, drainSite.yaml("", ""));
        try (RawHttp idle = RawHttp.plain(drained.port("http"));
             RawHttp busy = RawHttp.tls(drained.port("https"), drainSite.pki().caPem())) {
            assertEquals(TestSite.MOTTO, idle.get("/motto.txt").text());
            busy.request("GET", "/big.bin");
            Thread.sleep(200); // the answer has started; the client is not reading yet
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> drained.shutdown(Duration.ofSeconds(20)));
            assertTrue(idle.closedWithin(5000), "an idle connection closes at once");
            RawHttp.Reply r = busy.read(false);
            assertEquals(TestSite.sha256(TestSite.bigBytes()), TestSite.sha256(r.body()));
            assertTrue(busy.closedWithin(5000));
            shutdown.get(20, TimeUnit.SECONDS);
        } finally {
            drained.close();
        }
    }

    @Test
    void drainMakesTheNextAnswerSayClose() throws Exception {
        Path own = server.dir().resolve("drain2");
        TestSite drainSite = TestSite.create(own);
        RunningServer drained = RunningServer.start(own, drainSite.yaml("", ""));
        try (RawHttp c = RawHttp.plain(drained.port("http"))) {
            // a request whose answer waits on a stat of a new file, then a drain while it is prepared
            c.send("GET /motto.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> drained.shutdown(Duration.ofSeconds(10)));
            RawHttp.Reply r = c.read(false);
            assertEquals(TestSite.MOTTO, r.text());
            assertTrue(c.closedWithin(5000));
            shutdown.get(20, TimeUnit.SECONDS);
        } finally {
            drained.close();
        }
    }
}
