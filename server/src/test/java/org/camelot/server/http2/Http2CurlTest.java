package org.camelot.server.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * curl over real sockets: h2 by ALPN over TLS, h2c with prior knowledge and by {@code Upgrade: h2c}, HTTP/1.1 when
 * a listener says {@code http2: false}; the access log and the metrics name the protocol.
 */
class Http2CurlTest {

    static H2Site site;
    static final ListAppender<ILoggingEvent> access = new ListAppender<>();

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        site = H2Site.create(d.dir(), false, d.pki());
        access.start();
        ((Logger) LoggerFactory.getLogger("camelot.access.web")).addAppender(access);
        String yaml = site.yaml("") + "  old:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    http2: false\n"
                + site.pki().tlsYaml(4) + "    routes:\n      files:\n        root: " + site.root() + "\n"
                + "  oldclear:\n    protocol: http\n    host: 127.0.0.1\n    port: 0\n    http2: false\n"
                + "    routes:\n      files:\n        root: " + site.root() + "\n"
                + "  admin:\n    protocol: admin\n    host: 127.0.0.1\n    port: 0\n";
        return yaml;
    });

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("camelot.access.web")).detachAppender(access);
    }

    private static String http(String listener, String path) {
        return "http://127.0.0.1:" + server.port(listener) + path;
    }

    private static String https(String listener, String path) {
        return "https://127.0.0.1:" + server.port(listener) + path;
    }

    @Test
    void negotiatesH2ByAlpnOverTls() throws Exception {
        Curl.Reply r = Curl.run(server.dir(), "--http2", "--cacert", site.pki().caPem().toString(),
                https("webs", "/motto.txt"));
        assertEquals("HTTP/2", r.protocol());
        assertEquals(200, r.status());
        assertEquals(H2Site.MOTTO, r.text());
        Curl.Reply h1 = Curl.run(server.dir(), "--http1.1", "--cacert", site.pki().caPem().toString(),
                https("webs", "/motto.txt"));
        assertEquals("HTTP/1.1", h1.protocol(), "a client that offers only http/1.1 by ALPN gets it");
    }

    @Test
    void speaksH2cWithPriorKnowledge() throws Exception {
        Curl.Reply r = Curl.run(server.dir(), "--http2-prior-knowledge", http("web", "/big.bin"));
        assertEquals("HTTP/2", r.protocol());
        assertEquals(H2Site.BIG, r.body().length);
    }

    @Test
    void upgradesToH2cOnRequest() throws Exception {
        Curl.Reply r = Curl.run(server.dir(), "--http2", http("web", "/motto.txt"));
        assertEquals("HTTP/2", r.protocol(), "101 Switching Protocols, then the answer on stream 1");
        assertEquals(H2Site.MOTTO, r.text());
        Curl.Reply plain = Curl.run(server.dir(), "--http1.1", http("web", "/motto.txt"));
        assertEquals("HTTP/1.1", plain.protocol());
    }

    @Test
    void http2FalseKeepsAListenerOnHttp11() throws Exception {
        Curl.Reply r = Curl.run(server.dir(), "--http2", "--cacert", site.pki().caPem().toString(),
                https("old", "/motto.txt"));
        assertEquals("HTTP/1.1", r.protocol(), "ALPN offers only http/1.1");
        Curl.Reply upgrade = Curl.run(server.dir(), "--http2", http("oldclear", "/motto.txt"));
        assertEquals("HTTP/1.1", upgrade.protocol(), "Upgrade: h2c is ignored");
        assertThrows(IOException.class,
                () -> Curl.run(server.dir(), "--http2-prior-knowledge", http("oldclear", "/motto.txt")),
                "an HTTP/2 preface is not a request");
    }

    @Test
    void theAccessLogAndTheMetricsNameTheProtocol() throws Exception {
        Curl.run(server.dir(), "--http2-prior-knowledge", http("web", "/motto.txt?log"));
        Curl.run(server.dir(), "--http2-prior-knowledge", http("web", "/missing?log"));
        List<String> lines = List.of();
        for (int i = 0; i < 100; i++) {
            lines = access.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("?log")).toList();
            if (lines.size() >= 2) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"GET /motto.txt?log HTTP/2.0\" 200 58 ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"GET /missing?log HTTP/2.0\" 404 ")), lines.toString());
        String metrics = Curl.run(server.dir(), http("admin", "/metrics")).text();
        assertTrue(metrics.matches("(?s).*camelot_http_requests_total\\{listener=\"web\",protocol=\"HTTP/2.0\","
                + "status=\"200\"} [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*camelot_http2_streams_total\\{listener=\"web\"} [1-9].*"), metrics);
        assertTrue(metrics.contains("camelot_http2_resets_total{direction=\"sent\",listener=\"web\"}"), metrics);
        assertTrue(metrics.contains("camelot_http2_goaways_total{direction=\"sent\",listener=\"web\"}"), metrics);
    }
}
