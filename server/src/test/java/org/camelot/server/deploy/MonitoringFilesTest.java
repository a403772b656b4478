package org.camelot.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.LineClient;
import org.camelot.server.testing.TlsClients;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus/alerts.yaml passes {@code promtool check rules} and its unit tests ({@code promtool test rules}),
 * deploy/grafana/camelot.json is a well-formed dashboard, and every metric either of them names is exported by a
 * running daemon (its /metrics, scraped after a little of every kind of traffic) or listed in
 * deploy/prometheus/pending-metrics.txt.
 */
class MonitoringFilesTest {

    private static final Path ROOT = RepositoryFiles.root();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** PromQL words that look like metric names but are not. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @TempDir
    Path dir;

    @Test
    void alertRulesPassPromtoolCheckAndTheirUnitTests() throws Exception {
        Path prometheus = ROOT.resolve("deploy/prometheus");
        Commands.Result check = Commands.run(prometheus, List.of("promtool", "check", "rules", "alerts.yaml"));
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue((check.out() + check.err()).contains("SUCCESS"), check.out() + check.err());
        Commands.Result test = Commands.run(prometheus, List.of("promtool", "test", "rules", "alerts-test.yaml"));
        assertEquals(0, test.exitCode(), test.out() + test.err());
        for (String alert : List.of("CamelotInstanceDown", "CamelotHighErrorRatio", "CamelotCertificateExpiringSoon",
                "CamelotEventLoopBacklog", "CamelotRefusalsSurging")) {
            assertTrue(Files.readString(prometheus.resolve("alerts.yaml")).contains("alert: " + alert), alert);
            assertTrue(Files.readString(prometheus.resolve("alerts-test.yaml")).contains("alertname: " + alert),
                    alert + " has a unit test");
        }
    }

    @Test
    void dashboardIsWellFormed() throws Exception {
        JsonNode dash = JSON.readTree(ROOT.resolve("deploy/grafana/camelot.json").toFile());
        assertEquals("camelot", dash.path("uid").asText());
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dash.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + panel.path("id"));
            assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"), "gridPos of " + panel);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText());
            for (JsonNode t : panel.path("targets")) {
                assertFalse(t.path("expr").asText().isBlank());
                queries++;
            }
        }
        assertTrue(queries >= 15, "a query for each of connections, requests, bytes, TLS, refusals, UDP, loops, JVM");
        Set<String> names = metricNames(dashboardQueries());
        for (String expected : List.of("camelot_connections_open", "camelot_connections_total",
                "camelot_http_requests_total", "camelot_bytes_received_bytes_total", "camelot_tls_handshakes_total",
                "camelot_connections_refused_total", "camelot_udp_datagrams_dropped_total",
                "camelot_eventloop_pending_tasks", "jvm_memory_used_bytes")) {
            assertTrue(names.contains(expected), "the dashboard shows " + expected);
        }
    }

    @Test
    void everyMetricTheDashboardAndAlertsUseIsExportedOrListedAsPending() throws Exception {
        List<String> queries = new ArrayList<>(dashboardQueries());
        queries.addAll(alertQueries());
        Set<String> used = metricNames(queries);
        Set<String> pending = pendingMetrics();
        Set<String> exported = exportedByARunningDaemon();
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(exported);
        unknown.removeAll(pending);
        assertEquals(Set.of(), unknown, "metrics used but neither exported by the daemon nor in pending-metrics.txt"
                + " (exported: " + exported + ")");
        assertTrue(used.size() > 20, "found the metric names in the queries: " + used);
    }

    @Test
    void metricNamesAreFoundInQueries() {
        assertEquals(Set.of("camelot_http_requests_total", "up"), metricNames(List.of(
                "sum by (listener, status) (rate(camelot_http_requests_total{status=~\"5..\", listener=~\"$listener\"}"
                        + "[$__rate_interval])) / on (instance) group_left up offset 5m > bool 0.5")));
    }

    /** The metric names in PromQL expressions: identifiers outside label matchers, strings, ranges and label lists. */
    static Set<String> metricNames(List<String> queries) {
        Set<String> names = new TreeSet<>();
        for (String q : queries) {
            String s = q.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                    .replaceAll("\\$\\w+", " ")
                    .replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?[smhdwy]?\\b", " ");
            Matcher m = IDENTIFIER.matcher(s);
            while (m.find()) {
                String word = m.group();
                boolean function = s.substring(m.end()).stripLeading().startsWith("(");
                if (!function && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
            }
        }
        return names;
    }

    private static List<String> dashboardQueries() throws Exception {
        JsonNode dash = JSON.readTree(ROOT.resolve("deploy/grafana/camelot.json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dash.path("panels")) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dash.path("templating").path("list")) {
            String q = variable.path("query").path("query").asText("");
            Matcher m = Pattern.compile("label_values\\((.*),\\s*\\w+\\)").matcher(q);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static List<String> alertQueries() throws Exception {
        JsonNode rules = KubernetesObjects.tree(Files.readString(ROOT.resolve("deploy/prometheus/alerts.yaml")));
        List<String> out = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            group.path("rules").forEach(r -> out.add(r.path("expr").asText()));
        }
        return out;
    }

    private static Set<String> pendingMetrics() throws Exception {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/prometheus/pending-metrics.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.trim().split("\\s+")[0]);
            }
        }
        return out;
    }

    /** The sample names of /metrics after HTTP, TLS, a refusal, UDP and a GC have each happened once. */
    private Set<String> exportedByARunningDaemon() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<p>home</p>\n");
        String yaml = pki.tlsYaml(0) + """
                listeners:
                  web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                  secure: {protocol: upper, host: 127.0.0.1, port: 0, tls: true}
                  guarded: {protocol: upper, host: 127.0.0.1, port: 0, deny: [127.0.0.2]}
                  datagrams: {protocol: udp, host: 127.0.0.1, port: 0, mode: echo, threads: 1}
                  admin: {protocol: admin, host: 127.0.0.1, port: 0}
                """;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (RunningServer s = RunningServer.start(dir, yaml)) {
            for (String path : List.of("/", "/missing")) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port("web") + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            try (LineClient c = TlsClients.connect(s.loopback("secure"), TlsClients.context(pki, null))) {
                c.send("hi\n");
                c.readUntil('\n');
            }
            try (LineClient plain = LineClient.connect(s.loopback("secure"))) {
                plain.send("not tls\n");
                plain.closedByPeer();
            }
            try (LineClient refused = LineClient.connect(s.loopback("guarded"), "127.0.0.2")) {
                refused.closedByPeer();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(ping, ping.length, s.loopback("datagrams")));
                udp.setSoTimeout(5000);
                udp.receive(new DatagramPacket(new byte[64], 64));
            }
            System.gc(); // the GC pause timer appears with the first collection
            Set<String> names = Set.of();
            for (int i = 0; i < 50; i++) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port("admin")
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                names = sampleNames(body);
                if (names.contains("jvm_gc_pause_seconds_sum") && names.contains("camelot_connections_refused_total")
                        && names.contains("camelot_tls_handshakes_total")) {
                    break;
                }
                Thread.sleep(100);
            }
            return names;
        }
    }

    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }
}
