package org.camelot.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.QuietDrain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection handler alone, on an {@link EmbeddedChannel} with virtual time. */
class HttpConnectionTest {

    private static final String HOST = "Host: test\r\n";
    private final CompletableFuture<Response> slow = new CompletableFuture<>();
    private EmbeddedChannel channel;

    /** Ready-made headers a route shares between its answers, as the files route does. */
    private static final HttpHeaders SHARED = new ReadOnlyHttpHeaders(false, "Content-Type", "text/plain");

    private static HttpSettings settings(Integer maxLine, Integer maxHeaders) {
        return settings(maxLine, maxHeaders, false);
    }

    private static HttpSettings settings(Integer maxLine, Integer maxHeaders, boolean http2) {
        Map<String, JsonNode> routes = Map.of("test", JsonNodeFactory.instance.objectNode());
        return new HttpSettings("camelot-test", maxLine, 1024, maxHeaders, 3, Duration.ofSeconds(5),
                Duration.ofSeconds(2), null, null, null, null, null, http2, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, routes);
    }

    private EmbeddedChannel open(HttpSettings settings) {
        Route route = request -> switch (request.path()) {
            case "/slow" -> slow;
            case "/fail" -> throw new IllegalStateException("route failure for the test");
            case "/shared" -> Response.ok().headers(SHARED).etag("\"" + request.parameter("q") + "\"")
                    .body(request.parameter("q")).completed();
            default -> Response.ok().body("path=" + request.path() + " q=" + request.parameter("q")).completed();
        };
        RouteTable table = RouteTable.of(List.of(new RouteTable.Mount("/", route)));
        HttpProtocol protocol = new HttpProtocol("test", settings, table, false, Runnable::run,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), List.of(), null);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        protocol.initChannel(channel);
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    private String output() {
        StringBuilder b = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            b.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return b.toString();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void answersPipelinedRequestsInOrderEvenWhenTheFirstIsSlowest() {
        open(settings(null, null));
        send("GET /slow HTTP/1.1\r\n" + HOST + "\r\nGET /a?q=1 HTTP/1.1\r\n" + HOST + "\r\nHEAD /b HTTP/1.1\r\n"
                + HOST + "\r\n");
        assertEquals("", output(), "nothing may overtake the slow answer");
        slow.complete(Response.ok().body("slow one"));
        channel.runPendingTasks();
        String out = output();
        int first = out.indexOf("slow one");
        int second = out.indexOf("path=/a q=1");
        assertTrue(first >= 0 && second > first, out);
        assertEquals(3, count(out, "HTTP/1.1 200 OK"), out);
        assertFalse(out.contains("path=/b"), "HEAD has no body: " + out);
        assertTrue(channel.isActive());
    }

    @Test
    void aRepeatedHeadFollowsWhatChangesBetweenAnswers() {
        open(settings(null, null));
        send("GET /shared?q=aa HTTP/1.1\r\n" + HOST + "\r\nGET /shared?q=aa HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /shared?q=bbb HTTP/1.1\r\n" + HOST + "\r\nHEAD /shared?q=bbb HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /shared?q=bbb HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
        String[] answers = output().split("(?=HTTP/1\\.1 )");
        assertEquals(5, answers.length, String.join("", answers));
        for (int i = 0; i < 2; i++) {
            assertTrue(answers[i].contains("ETag: \"aa\"\r\n") && answers[i].contains("Content-Length: 2\r\n")
                    && answers[i].endsWith("\r\n\r\naa"), answers[i]);
        }
        assertTrue(answers[2].contains("ETag: \"bbb\"\r\n") && answers[2].contains("Content-Length: 3\r\n")
                && answers[2].endsWith("\r\n\r\nbbb") && !answers[2].contains("Connection"), answers[2]);
        assertTrue(answers[3].contains("Content-Length: 3\r\n") && answers[3].endsWith("\r\n\r\n"), answers[3]);
        assertTrue(answers[4].contains("Connection: close\r\n") && answers[4].endsWith("\r\n\r\nbbb"),
                answers[4]);
        assertFalse(channel.isActive());
    }

    @Test
    void aBodilessFirstRequestMayStillUpgradeToH2c() {
        open(settings(null, null, true));
        send("GET /x HTTP/1.1\r\n" + HOST + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n");
        assertTrue(output().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    }

    @Test
    void laterBodilessRequestsAreAnsweredOnceTheUpgradeIsPast() {
        open(settings(null, null, true));
        send("GET /a HTTP/1.1\r\n" + HOST + "\r\n");
        assertTrue(output().endsWith("path=/a q=null"));
        assertEquals(null, channel.pipeline().get("h2c-upgrade"), "only the first request may upgrade");
        send("GET /b HTTP/1.1\r\n" + HOST + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"
                + "GET /c HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\nGET /d HTTP/1.1\r\n" + HOST + "\r\n");
        String out = output();
        assertEquals(3, count(out, "HTTP/1.1 200 OK\r\n"), out);
        assertTrue(out.indexOf("path=/b") < out.indexOf("path=/c") && out.indexOf("path=/c") < out.indexOf("path=/d"),
                out);
        assertTrue(channel.isActive());
    }

    @Test
    void headGetsTheHeadersOfGetWithoutTheBody() {
        open(settings(null, null));
        send("HEAD /x HTTP/1.1\r\n" + HOST + "\r\n");
        String out = output();
        assertTrue(out.contains("Content-Length: " + "path=/x q=null".length() + "\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\n"), out);
    }

    @Test
    void otherMethodsGet405WithAllow() {
        open(settings(null, null));
        send("POST /x HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello"
                + "DELETE /x HTTP/1.1\r\n" + HOST + "\r\nGET /after HTTP/1.1\r\n" + HOST + "\r\n");
        String out = output();
        assertEquals(2, count(out, "HTTP/1.1 405 Method Not Allowed\r\n"), out);
        assertEquals(2, count(out, "Allow: GET, HEAD\r\n"), out);
        assertTrue(out.contains("path=/after"), "the body of the POST was skipped: " + out);
        assertTrue(channel.isActive());
    }

    @Test
    void closesAfterThreeMalformedRequestsInARow() {
        open(settings(null, null));
        send("GET /%zz HTTP/1.1\r\n" + HOST + "\r\nGET /%00 HTTP/1.1\r\n" + HOST + "\r\nGET /ok HTTP/1.1\r\n" + HOST
                + "\r\n");
        String out = output();
        assertEquals(2, count(out, "400 Bad Request\r\n"), out);
        assertTrue(out.contains("path=/ok"), out);
        assertTrue(channel.isActive(), "a good request resets the count");
        send("GET /../x HTTP/1.1\r\n" + HOST + "\r\nGET /%2e%2e/x HTTP/1.1\r\n" + HOST + "\r\n");
        assertTrue(channel.isActive());
        send("GET x HTTP/1.1\r\n" + HOST + "\r\nGET /never HTTP/1.1\r\n" + HOST + "\r\n");
        out = output();
        assertEquals(3, count(out, "400 Bad Request\r\n"), out);
        assertTrue(out.endsWith("</html>\r\n") && out.contains("Connection: close"), out);
        assertFalse(out.contains("never"));
        assertFalse(channel.isActive());
    }

    @Test
    void aMalformedChunkReplacesTheAnswerARouteIsStillPreparing() {
        open(settings(null, null));
        send("GET /slow HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\n") && out.contains("Connection: close"), out);
        assertFalse(channel.isActive());
        slow.complete(Response.ok().body("too late"));
        channel.runPendingTasks();
        assertEquals("", output());
    }

    @Test
    void aMalformedChunkFollowsAnAnswerAlreadySent() {
        open(settings(null, null));
        send("GET /a HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        assertTrue(output().contains("path=/a"));
        assertTrue(channel.isActive());
        send("3;x=\"open\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request\r\n") && out.contains("Connection: close"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void http11WithoutHostIsMalformed() {
        open(settings(null, null));
        send("GET / HTTP/1.1\r\n\r\nGET /two HTTP/1.0\r\n\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 400 Bad Request"), out);
        assertTrue(out.contains("path=/two"), "HTTP/1.0 needs no Host: " + out);
    }

    @Test
    void tooLongRequestLineGets414AndClose() {
        open(settings(128, null));
        send("GET /" + "a".repeat(200) + " HTTP/1.1\r\n" + HOST + "\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 414 "), out);
        assertTrue(out.contains("Connection: close\r\n"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void tooManyHeaderLinesGet431() {
        open(settings(null, 5));
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        send("GET / HTTP/1.1\r\n" + HOST + headers + "\r\n");
        assertTrue(output().startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    }

    @Test
    void tooLargeHeaderBlockGets431AndClose() {
        open(settings(null, null));
        send("GET / HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(2000) + "\r\n\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() {
        open(settings(null, null));
        send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        String out = output();
        assertTrue(out.contains("Connection: keep-alive\r\n"), out);
        assertTrue(channel.isActive());
        send("GET /b HTTP/1.0\r\n\r\n");
        assertTrue(output().contains("Connection: close\r\n"));
        assertFalse(channel.isActive());
    }

    @Test
    void routeFailureGets500AndTheConnectionGoesOn() {
        open(settings(null, null));
        send("GET /fail HTTP/1.1\r\n" + HOST + "\r\nGET /next HTTP/1.1\r\n" + HOST + "\r\n");
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), out);
        assertTrue(out.contains("path=/next"), out);
    }

    @Test
    void keepAliveTimeoutClosesAnIdleConnection() {
        open(settings(null, null));
        send("GET /a HTTP/1.1\r\n" + HOST + "\r\n");
        output();
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isActive());
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isActive());
        assertEquals("", output(), "an idle connection is closed without an answer");
    }

    @Test
    void aRequestTrickledInTooSlowlyGets408AndIsCutOff() {
        open(settings(null, null));
        for (int i = 0; i < 3; i++) {
            send(i == 0 ? "GET / HTTP/1.1\r\n" : "X-Slow-" + i + ": ");
            channel.advanceTimeBy(600, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            assertTrue(channel.isActive(), "still within the request timeout");
        }
        channel.advanceTimeBy(300, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 " + HttpResponseStatus.REQUEST_TIMEOUT + "\r\n"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void drainAnswersWhatWasAcceptedThenCloses() {
        open(settings(null, null));
        send("GET /slow HTTP/1.1\r\n" + HOST + "\r\n");
        channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertTrue(channel.isActive(), "an answer is pending");
        slow.complete(Response.ok().body("last words"));
        channel.runPendingTasks();
        String out = output();
        assertTrue(out.contains("Connection: close\r\n") && out.endsWith("last words"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void drainClosesAConnectionOnceItHasBeenQuietForAMoment() {
        open(settings(null, null));
        send("GET /a HTTP/1.1\r\n" + HOST + "\r\n");
        output();
        channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertTrue(channel.isActive(), "it answered a moment ago: its client's next request may be on the wire");
        channel.advanceTimeBy(QuietDrain.QUIET_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isActive());
        assertEquals("", output());
    }

    @Test
    void drainClosesAConnectionQuietLongEnoughAtOnce() {
        open(settings(null, null));
        channel.advanceTimeBy(QuietDrain.QUIET_MILLIS, TimeUnit.MILLISECONDS);
        channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertFalse(channel.isActive());
    }

    @Test
    void aRequestArrivingWhileDrainingIsAnsweredWithConnectionClose() {
        open(settings(null, null));
        send("GET /a HTTP/1.1\r\n" + HOST + "\r\n");
        output();
        channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        channel.advanceTimeBy(QuietDrain.QUIET_MILLIS / 2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        send("GET /a HTTP/1.1\r\n" + HOST + "\r\n");
        channel.runPendingTasks();
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n") && out.contains("Connection: close\r\n"), out);
        assertFalse(channel.isActive());
    }

    @Test
    void drainAnswersEveryPipelinedRequestAndOnlyTheLastSaysClose() {
        open(settings(null, null));
        send("GET /slow HTTP/1.1\r\n" + HOST + "\r\nGET /a HTTP/1.1\r\n" + HOST + "\r\nGET /a HTTP/1.1\r\n"
                + HOST.substring(0, 3));
        channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        slow.complete(Response.ok().body("slow one"));
        channel.runPendingTasks();
        channel.advanceTimeBy(QuietDrain.QUIET_MILLIS * 4, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isActive(), "the third request is partly received");
        send(HOST.substring(3) + "\r\n");
        channel.runPendingTasks();
        String out = output();
        assertEquals(3, out.split("HTTP/1.1 200 OK\r\n", -1).length - 1, out);
        assertEquals(1, out.split("Connection: close\r\n", -1).length - 1, out);
        assertTrue(out.lastIndexOf("Connection: close") > out.lastIndexOf("HTTP/1.1 200 OK"), out);
        assertFalse(channel.isActive());
    }
}
