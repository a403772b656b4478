package org.camelot.server.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every listener's totals once a second into a bounded ring ({@link #SAMPLES} seconds) and renders the
 * admin listener's {@code /status.json} from it. Sampling and rendering run on a thread of their own, once a
 * second, so that an admin request only hands out the last rendering: however many clients watch the page, the
 * cost stays one rendering a second and nothing of it runs on an event loop.
 */
public final class StatusRecorder implements AutoCloseable {

    /** Seconds of history kept for each listener. */
    public static final int SAMPLES = 300;

    private static final Logger log = LoggerFactory.getLogger(StatusRecorder.class);
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What the page shows of a listener besides its numbers.
     *
     * @param name        the listener's name
     * @param protocol    its protocol
     * @param address     the address bound, {@code host:port}
     * @param tls         whether it speaks TLS
     * @param datagram    whether it is a UDP listener
     * @param concurrency its concurrency model
     * @param blockingOpen connections open under a blocking concurrency model, which records no meters; -1 for an
     *                     event-loop listener, whose meters count its connections
     */
    public record ListenerView(String name, String protocol, String address, boolean tls, boolean datagram,
                               String concurrency, int blockingOpen) {
    }

    private final MeterRegistry meters;
    private final Supplier<List<ListenerView>> listeners;
    private final Supplier<String> state;
    private final String version;
    private final long started = System.currentTimeMillis();
    /** Touched by the sampling thread only. */
    private final Map<String, ListenerHistory> histories = new HashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("camelot-status", true));
    private volatile String json;

    public StatusRecorder(MeterRegistry meters, Supplier<List<ListenerView>> listeners, Supplier<String> state,
                          String version) {
        this.meters = meters;
        this.listeners = listeners;
        this.state = state;
        this.version = version;
        this.json = render(List.of(), System.currentTimeMillis());
    }

    /** Takes a first sample now, then one every second. */
    public void start() {
        ticker.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** The last rendering of {@code /status.json}. */
    public String json() {
        return json;
    }

    /** Takes one sample of every listener and renders the JSON again. */
    void sample() {
        try {
            long now = System.currentTimeMillis();
            List<ListenerView> current = listeners.get();
            histories.keySet().retainAll(current.stream().map(ListenerView::name).toList());
            for (ListenerView l : current) {
                ListenerTotals.Unit unit = ListenerTotals.unit(meters, l);
                ListenerTotals t = ListenerTotals.read(meters, l.name(), unit);
                if (l.blockingOpen() >= 0) {
                    t = new ListenerTotals(l.blockingOpen(), t.connections(), t.requests(), t.errors(),
                            t.bytesReceived(), t.bytesSent());
                }
                histories.computeIfAbsent(l.name(), n -> new ListenerHistory(SAMPLES)).add(now, t);
            }
            json = render(current, now);
        } catch (RuntimeException e) {
            log.warn("status sample failed", e); // the next second tries again; the page keeps the last rendering
        }
    }

    private String render(List<ListenerView> current, long now) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("state", state.get());
            g.writeNumberField("time", now);
            g.writeNumberField("uptimeSeconds", (now - started) / 1000);
            g.writeNumberField("intervalSeconds", 1);
            g.writeNumberField("historySeconds", SAMPLES);
            g.writeArrayFieldStart("listeners");
            for (ListenerView l : current) {
                ListenerHistory h = histories.get(l.name());
                if (h != null && h.size() > 0) {
                    writeListener(g, l, ListenerTotals.unit(meters, l), h);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeListener(JsonGenerator g, ListenerView l, ListenerTotals.Unit unit, ListenerHistory h)
            throws IOException {
        ListenerTotals t = h.latest();
        int n = h.size();
        g.writeStartObject();
        g.writeStringField("name", l.name());
        g.writeStringField("protocol", l.protocol());
        g.writeStringField("address", l.address());
        g.writeStringField("transport", l.datagram() ? "udp" : "tcp");
        g.writeBooleanField("tls", l.tls());
        g.writeStringField("concurrency", l.concurrency());
        g.writeStringField("unit", unit.key);
        g.writeNumberField("open", t.open());
        g.writeNumberField("connections", t.connections());
        g.writeNumberField("requests", t.requests());
        g.writeNumberField("errors", t.errors());
        g.writeNumberField("bytesReceived", t.bytesReceived());
        g.writeNumberField("bytesSent", t.bytesSent());
        g.writeNumberField("rate", n > 1 ? rate(h, n - 1, ListenerTotals::requests) : 0);
        g.writeNumberField("errorRate", n > 1 ? rate(h, n - 1, ListenerTotals::errors) : 0);
        g.writeObjectFieldStart("history");
        g.writeArrayFieldStart("time");
        for (int i = 1; i < n; i++) {
            g.writeNumber(h.time(i));
        }
        g.writeEndArray();
        series(g, "rate", h, ListenerTotals::requests);
        series(g, "errorRate", h, ListenerTotals::errors);
        series(g, "bytesReceivedRate", h, ListenerTotals::bytesReceived);
        series(g, "bytesSentRate", h, ListenerTotals::bytesSent);
        g.writeArrayFieldStart("open");
        for (int i = 1; i < n; i++) {
            g.writeNumber(h.totals(i).open());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void series(JsonGenerator g, String name, ListenerHistory h,
                               java.util.function.ToLongFunction<ListenerTotals> value) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 1; i < h.size(); i++) {
            g.writeNumber(rate(h, i, value));
        }
        g.writeEndArray();
    }

    /** Per second between sample i-1 and i, to a tenth; a counter that went back (never, but) gives 0. */
    private static double rate(ListenerHistory h, int i, java.util.function.ToLongFunction<ListenerTotals> value) {
        long dt = Math.max(1, h.time(i) - h.time(i - 1));
        long dv = Math.max(0, value.applyAsLong(h.totals(i)) - value.applyAsLong(h.totals(i - 1)));
        return Math.round(dv * 10_000.0 / dt) / 10.0;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
