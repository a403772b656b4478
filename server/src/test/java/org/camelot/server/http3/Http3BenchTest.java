package org.camelot.server.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.camelot.client.Main;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camelot-client bench http --http3 -c N --streams M} against the daemon: every request is answered over
 * HTTP/3, on N QUIC connections.
 */
class Http3BenchTest {

    @TempDir
    Path dir;

    @Test
    void benchSendsItsRequestsOverHttp3OnNConnections() throws Exception {
        H3Site site = H3Site.create(dir);
        try (RunningServer server = RunningServer.start(dir, site.yaml(""))) {
            Path json = dir.resolve("result.json");
            int exit = Main.commandLine().execute("bench", "http", "--http3", "--streams", "3", "-c", "2", "-n", "60",
                    "--cacert", site.pki().caPem().toString(), "--json", json.toString(), "--progress", "never",
                    "https://localhost:" + server.port("webs") + "/motto.txt");
            assertEquals(0, exit);
            JsonNode result = new ObjectMapper().readTree(json.toFile());
            assertEquals(60, result.get("ok").asLong(), result.toString());
            assertEquals("HTTP/3", result.get("protocol").asText(), result.toString());
            String scrape = server.server().scrape();
            assertTrue(scrape.lines().anyMatch(l -> l.startsWith("camelot_http_requests_total")
                    && l.contains("protocol=\"HTTP/3.0\"") && l.contains("status=\"200\"")
                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 60), scrape);
            assertTrue(scrape.lines().anyMatch(l -> l.startsWith("camelot_quic_connections_total")
                    && l.contains("event=\"opened\"") && l.endsWith(" 2.0")), "two QUIC connections: " + scrape);
        }
    }
}
