package org.camelot.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StatusRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void historyStaysBoundedAndListenersRemovedByAReloadDisappear() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Counter ok = Counter.builder("camelot.http.requests").tag("listener", "web").tag("status", "200")
                .register(meters);
        Counter failed = Counter.builder("camelot.http.requests").tag("listener", "web").tag("status", "503")
                .register(meters);
        Counter refused = Counter.builder("camelot.connections.refused").tag("listener", "web")
                .tag("reason", "access").register(meters);
        var web = new StatusRecorder.ListenerView("web", "http", "127.0.0.1:8080", false, false, "event-loop", -1);
        var udp = new StatusRecorder.ListenerView("udp", "udp", "127.0.0.1:6789", false, true, "event-loop", -1);
        var pool = new StatusRecorder.ListenerView("pool", "upper", "127.0.0.1:1235", false, false, "thread-pool", 7);
        AtomicReference<List<StatusRecorder.ListenerView>> listeners = new AtomicReference<>(List.of(web, udp, pool));
        try (StatusRecorder recorder = new StatusRecorder(meters, listeners::get, () -> "serving", "test")) {
            for (int i = 0; i < StatusRecorder.SAMPLES + 100; i++) {
                ok.increment(3);
                recorder.sample();
            }
            failed.increment();
            refused.increment(2);
            recorder.sample();
            JsonNode status = JSON.readTree(recorder.json());
            JsonNode w = status.path("listeners").get(0);
            assertEquals("web", w.path("name").asText());
            assertEquals("requests", w.path("unit").asText());
            assertEquals(3 * (StatusRecorder.SAMPLES + 100) + 1, w.path("requests").asLong());
            assertEquals(3, w.path("errors").asLong(), "one 5xx answer and two refusals");
            assertEquals(StatusRecorder.SAMPLES - 1, w.path("history").path("rate").size());
            assertEquals(StatusRecorder.SAMPLES - 1, w.path("history").path("time").size());
            assertEquals("datagrams", status.path("listeners").get(1).path("unit").asText());
            assertEquals(7, status.path("listeners").get(2).path("open").asInt(), "a blocking model's own count");
            assertEquals("connections", status.path("listeners").get(2).path("unit").asText());

            listeners.set(List.of(udp));
            recorder.sample();
            status = JSON.readTree(recorder.json());
            assertEquals(1, status.path("listeners").size());
            assertEquals("udp", status.path("listeners").get(0).path("name").asText());
        }
    }
}
