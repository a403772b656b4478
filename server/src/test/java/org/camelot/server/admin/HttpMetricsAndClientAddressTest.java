package org.camelot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** HTTP requests counted by status in /metrics, and the client address behind a balancer in the access log. */
class HttpMetricsAndClientAddressTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    @Test
    void requestsByStatusAndTheRealClientInTheAccessLog() throws Exception {
        Files.createDirectories(daemon.dir().resolve("site"));
        Files.writeString(daemon.dir().resolve("site/hello.txt"), "hello\n");
        ListAppender<ILoggingEvent> access = new ListAppender<>();
        access.start();
        Logger accessLogger = (Logger) LoggerFactory.getLogger("camelot.access.behind");
        accessLogger.addAppender(access);
        try (RunningServer s = daemon.start("""
                listeners:
                  web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                  behind: {protocol: http, host: 127.0.0.1, port: 0, proxy-protocol: true, routes: {files: {root: site}}}
                  admin: {protocol: admin, host: 127.0.0.1, port: 0}
                """)) {
            // HTTP/1.1 explicitly: the JDK's client would otherwise upgrade to h2c (counted as HTTP/2.0)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String web = "http://127.0.0.1:" + s.port("web");
            for (String path : new String[] {"/hello.txt", "/hello.txt", "/missing"}) {
                http.send(HttpRequest.newBuilder(URI.create(web + path)).build(), HttpResponse.BodyHandlers.discarding());
            }
            try (LineClient c = LineClient.connect(s.loopback("behind"))) {
                c.send("PROXY TCP4 203.0.113.9 127.0.0.1 40000 80\r\n"
                        + "GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertTrue(c.readUntil('\n').startsWith("HTTP/1.1 200"));
            }
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port("admin")
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("camelot_http_requests_total{listener=\"web\",protocol=\"HTTP/1.1\",status=\"200\"} 2.0"), metrics);
            assertTrue(metrics.contains("camelot_http_requests_total{listener=\"web\",protocol=\"HTTP/1.1\",status=\"404\"} 1.0"), metrics);
            Thread.sleep(100);
        } finally {
            accessLogger.detachAppender(access);
        }
        assertEquals(1, access.list.size());
        String line = access.list.get(0).getFormattedMessage();
        assertTrue(line.startsWith("203.0.113.9 - - ["), line);
        assertTrue(line.contains("\"GET /hello.txt HTTP/1.1\" 200 6"), line);
    }
}
