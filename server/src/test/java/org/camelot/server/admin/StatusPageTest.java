package org.camelot.server.admin;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener's {@code /status} page in a real browser (Debian's headless Chromium) against a daemon under
 * HTTP and UDP load: the numbers on the page are those of {@code /status.json}, and they move.
 */
class StatusPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the page shows, read out of its DOM: the status time it rendered and each row's cells. */
    private static final String READ_PAGE = """
            JSON.stringify({
              time: Number(document.body?.dataset.time ?? 0),
              state: document.getElementById('state')?.textContent ?? '',
              rows: Object.fromEntries([...document.querySelectorAll('tr[data-listener]')].map(r => [
                r.dataset.listener,
                Object.fromEntries([...r.querySelectorAll('td[data-field]')].map(td =>
                  [td.dataset.field, td.dataset.field === 'chart'
                    ? (td.querySelector('polyline[data-series="rate"]')?.getAttribute('points') ?? '')
                    : td.textContent]))])),
              resources: performance.getEntriesByType('resource').map(e => e.name)
            })""";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pageShowsTheNumbersOfStatusJsonAndTheyMoveUnderLoad() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/index.html"), "<html><body>home</body></html>\n");
        String yaml = """
                listeners:
                  web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                  echo: {protocol: udp, host: 127.0.0.1, port: 0, mode: upper, threads: 1}
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                  admin: {protocol: admin, host: 127.0.0.1, port: 0}
                """;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (RunningServer s = RunningServer.start(dir, yaml); HeadlessChromium chromium = HeadlessChromium.start()) {
            String admin = "http://127.0.0.1:" + s.port("admin");
            // Bounded load: at most 60 s or 200,000 requests, whichever comes first; stopped by the test before.
            Thread load = Thread.ofPlatform().daemon().start(() -> {
                URI uri = URI.create("http://127.0.0.1:" + s.port("web") + "/");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 200_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                        try {
                            var r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                            (r.statusCode() == 200 ? answered : failed).incrementAndGet();
                            udp.send(new DatagramPacket(ping, ping.length, s.loopback("echo")));
                            Thread.sleep(5);
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            });
            try (HeadlessChromium.Page page = chromium.open(admin + "/status")) {
                JsonNode first = waitForPage(page, p -> p.path("rows").has("web") && p.path("rows").has("echo")
                        && p.path("rows").path("web").path("requests").asLong() > 0);
                assertEquals("serving", first.path("state").asText());

                JsonNode json = matchPageWithStatusJson(page, admin);
                JsonNode web = listener(json, "web");
                JsonNode pageWeb = onPage(page).path("rows").path("web");
                assertEquals("http", pageWeb.path("protocol").asText());
                assertEquals("tcp " + web.path("address").asText(), pageWeb.path("address").asText());
                assertTrue(pageWeb.path("address").asText().startsWith("tcp 127.0.0.1:" + s.port("web")));
                assertEquals("udp 127.0.0.1:" + s.port("echo"), onPage(page).path("rows").path("echo")
                        .path("address").asText());

                // Moving: a few seconds later the page shows more requests and datagrams and a longer chart.
                long requestsBefore = first.path("rows").path("web").path("requests").asLong();
                int pointsBefore = points(first.path("rows").path("web").path("chart").asText());
                JsonNode later = waitForPage(page, p -> p.path("rows").path("web").path("requests").asLong()
                        > requestsBefore + 20 && points(p.path("rows").path("web").path("chart").asText())
                        >= pointsBefore + 2 && p.path("rows").path("echo").path("requests").asLong() > 0);
                assertTrue(later.path("time").asLong() > first.path("time").asLong());
                matchPageWithStatusJson(page, admin);

                for (JsonNode resource : later.path("resources")) {
                    assertTrue(resource.asText().startsWith(admin + "/"),
                            "the page loads nothing from elsewhere: " + resource.asText());
                }
            } finally {
                stop.set(true);
                load.join(10_000);
            }
            assertEquals(0, failed.get(), "requests of the load that failed");
            assertTrue(answered.get() > 0);
        }
    }

    @Test
    void statusPageIsSelfContainedAndStatusJsonListsEveryListener() throws Exception {
        try (RunningServer s = RunningServer.start(dir, """
                listeners:
                  upper: {protocol: upper, host: 127.0.0.1, port: 0}
                  admin: {protocol: admin, host: 127.0.0.1, port: 0}
                """)) {
            String admin = "http://127.0.0.1:" + s.port("admin");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(admin + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("default-src 'none'"));
            assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external script, style or font");
            JsonNode json = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(admin + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("serving", json.path("state").asText());
            assertEquals("upper", listener(json, "upper").path("protocol").asText());
            assertEquals("admin", listener(json, "admin").path("protocol").asText());
            assertEquals("127.0.0.1:" + s.port("upper"), listener(json, "upper").path("address").asText());
        }
    }

    /** Reads the page and /status.json until both show the same sample, then checks every row agrees. */
    private JsonNode matchPageWithStatusJson(HeadlessChromium.Page page, String admin) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            JsonNode json = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(admin + "/status.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode shown = JSON.readTree(page.evaluate(READ_PAGE).asText());
            if (shown.path("time").asLong() != json.path("time").asLong()) {
                Thread.sleep(50); // one of the two is a second ahead; look again
                continue;
            }
            for (JsonNode l : json.path("listeners")) {
                JsonNode row = shown.path("rows").path(l.path("name").asText());
                String name = l.path("name").asText();
                for (String field : new String[] {"requests", "connections", "open", "errors"}) {
                    assertEquals(l.path(field).asText(), row.path(field).asText(), name + " " + field);
                }
                assertEquals(l.path("rate").asDouble(), Double.parseDouble(row.path("rate").asText().split(" ")[0]),
                        name + " rate");
                assertEquals(l.path("tls").asBoolean(), row.path("tls").asText().equals("TLS"), name + " tls");
                assertEquals(l.path("history").path("rate").size(), points(row.path("chart").asText()),
                        name + " chart points");
            }
            assertEquals(json.path("listeners").size(), shown.path("rows").size());
            return json;
        }
        throw new AssertionError("the page never showed the sample /status.json served");
    }

    private static JsonNode onPage(HeadlessChromium.Page page) throws Exception {
        return JSON.readTree(page.evaluate(READ_PAGE).asText());
    }

    private static JsonNode waitForPage(HeadlessChromium.Page page, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        JsonNode shown = null;
        for (int i = 0; i < 300; i++) {
            shown = JSON.readTree(page.evaluate(READ_PAGE).asText());
            if (until.test(shown)) {
                return shown;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page did not get there in 30 s; it shows " + shown);
    }

    private static int points(String polyline) {
        return polyline.isBlank() ? 0 : polyline.trim().split("\\s+").length;
    }

    private static JsonNode listener(JsonNode status, String name) {
        for (JsonNode l : status.path("listeners")) {
            if (l.path("name").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no listener " + name + " in " + status);
    }
}
