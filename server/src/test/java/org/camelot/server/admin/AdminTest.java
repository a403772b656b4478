package org.camelot.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.testing.LineClient;
import org.camelot.server.testing.TlsClients;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AdminTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String yaml(TestPki pki) {
        return pki.tlsYaml(0) + """
                listeners:
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                  secure: {protocol: upper, host: 127.0.0.1, port: 0, tls: true}
                  admin: {protocol: admin, host: 127.0.0.1, port: 0}
                  admin-behind-proxy: {protocol: admin, host: 127.0.0.1, port: 0, proxy-protocol: true}
                """;
    }

    private HttpResponse<String> get(RunningServer s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port("admin") + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            boolean all = true;
            for (String label : labels.split(",")) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }

    @Test
    void healthReadinessAndMetricsThatCountWhatHappened() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer s = daemon.start(yaml(pki))) {
            assertEquals(200, get(s, "/healthz").statusCode());
            assertEquals("ok\n", get(s, "/healthz").body());
            assertEquals(200, get(s, "/readyz").statusCode());
            for (int i = 0; i < 3; i++) {
                try (LineClient c = LineClient.connect(s.loopback("upper"))) {
                    c.send("count me\n");
                    assertEquals("COUNT ME\n", c.readUntil('\n'));
                }
            }
            try (LineClient c = TlsClients.connect(s.loopback("secure"), TlsClients.context(pki, null))) {
                c.send("tls\n");
                assertEquals("TLS\n", c.readUntil('\n'));
            }
            try (LineClient plain = LineClient.connect(s.loopback("secure"))) {
                plain.send("not tls at all, really not\n");
                assertTrue(plain.closedByPeer());
            }
            Thread.sleep(200);
            HttpResponse<String> r = get(s, "/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            String m = r.body();
            assertEquals(3.0, metric(m, "camelot_connections_total", "listener=\"upper\""), m);
            assertEquals(0.0, metric(m, "camelot_connections_open", "listener=\"upper\""));
            assertEquals(27.0, metric(m, "camelot_bytes_received_bytes_total", "listener=\"upper\""));
            assertEquals(27.0, metric(m, "camelot_bytes_sent_bytes_total", "listener=\"upper\""));
            assertEquals(1.0, metric(m, "camelot_tls_handshakes_total", "listener=\"secure\",outcome=\"success\""));
            assertEquals(1.0, metric(m, "camelot_tls_handshakes_total", "listener=\"secure\",outcome=\"failure\""));
            assertTrue(m.contains("jvm_memory_used_bytes"), "JVM memory");
            assertTrue(m.contains("jvm_threads_live_threads"), "JVM threads");
            assertTrue(m.contains("camelot_eventloop_pending_tasks{loop=\"0\"}"), "event-loop pending tasks");
        }
    }

    @Test
    void otherMethodsAndPathsGetTheRightStatus() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer s = daemon.start(yaml(pki))) {
            var post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port("admin") + "/healthz"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
            assertEquals(404, get(s, "/nothing-here").statusCode());
        }
    }

    @Test
    void healthzTurns503WhileTheDaemonDrains() throws Exception {
        TestPki pki = daemon.pki();
        RunningServer s = daemon.start(yaml(pki));
        try (LineClient stuck = LineClient.connect(s.loopback("upper"))) {
            stuck.send("a line never ended");
            Thread.sleep(100);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> s.shutdown(Duration.ofSeconds(3)));
            HttpResponse<String> r = null;
            for (int i = 0; i < 100; i++) {
                r = get(s, "/healthz");
                if (r.statusCode() == 503) {
                    break;
                }
                Thread.sleep(20);
            }
            assertEquals(503, r.statusCode());
            assertEquals("draining\n", r.body());
            assertEquals(503, get(s, "/readyz").statusCode());
            stuck.send(", now ended\n");
            assertEquals("A LINE NEVER ENDED, NOW ENDED\n", stuck.readUntil('\n'));
            stopping.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesClientsThatAreNotOnThisMachine() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer s = daemon.start(yaml(pki))) {
            try (LineClient c = LineClient.connect(s.loopback("admin-behind-proxy"))) {
                c.socket().getOutputStream().write(
                        "PROXY TCP4 203.0.113.5 127.0.0.1 4000 80\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                assertTrue(c.closedByPeer(), "a remote client behind the balancer is refused");
            }
            try (LineClient c = LineClient.connect(s.loopback("admin-behind-proxy"))) {
                c.socket().getOutputStream().write(
                        "PROXY TCP4 127.0.0.1 127.0.0.1 4000 80\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                assertTrue(c.readUntil('\n').startsWith("HTTP/1.1 200"));
            }
        }
    }
}
