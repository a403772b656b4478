package org.camelot.server.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * One listener's running totals at one moment, read from the meters every listener and protocol already records
 * (so the status page and {@code /metrics} always agree).
 *
 * @param open          connections open now
 * @param connections   connections accepted so far
 * @param requests      units of work answered so far: HTTP requests, datagrams received, or else connections
 * @param errors        HTTP 5xx answers, failed TLS handshakes, refused connections and dropped datagrams so far
 * @param bytesReceived bytes read (TCP: as on the wire; UDP: payloads)
 * @param bytesSent     bytes written
 */
record ListenerTotals(long open, long connections, long requests, long errors, long bytesReceived, long bytesSent) {

    /** What a listener's {@code requests} count. */
    enum Unit {
        REQUESTS("requests"), DATAGRAMS("datagrams"), CONNECTIONS("connections");

        final String key;

        Unit(String key) {
            this.key = key;
        }
    }

    static Unit unit(MeterRegistry meters, StatusRecorder.ListenerView l) {
        if (l.datagram()) {
            return Unit.DATAGRAMS;
        }
        boolean http = l.protocol().equals("http") || !meters.find("camelot.http.requests")
                .tag("listener", l.name()).counters().isEmpty();
        return http ? Unit.REQUESTS : Unit.CONNECTIONS;
    }

    static ListenerTotals read(MeterRegistry meters, String listener, Unit unit) {
        long open = Math.round(meters.find("camelot.connections.open").tag("listener", listener).gauges().stream()
                .mapToDouble(Gauge::value).sum());
        long connections = sum(meters.find("camelot.connections").tag("listener", listener).counters());
        long requests = switch (unit) {
            case REQUESTS -> sum(meters.find("camelot.http.requests").tag("listener", listener).counters());
            case DATAGRAMS -> sum(meters.find("camelot.udp.datagrams.received").tag("listener", listener).counters());
            case CONNECTIONS -> connections;
        };
        long serverErrors = sum(meters.find("camelot.http.requests").tag("listener", listener).counters().stream()
                .filter(c -> c.getId().getTag("status") != null && c.getId().getTag("status").startsWith("5"))
                .toList());
        long errors = serverErrors
                + sum(meters.find("camelot.tls.handshakes").tag("listener", listener).tag("outcome", "failure")
                        .counters())
                + sum(meters.find("camelot.connections.refused").tag("listener", listener).counters())
                + sum(meters.find("camelot.udp.datagrams.dropped").tag("listener", listener).counters());
        long in = unit == Unit.DATAGRAMS
                ? sum(meters.find("camelot.udp.received").tag("listener", listener).counters())
                : sum(meters.find("camelot.bytes.received").tag("listener", listener).counters());
        long out = unit == Unit.DATAGRAMS
                ? sum(meters.find("camelot.udp.sent").tag("listener", listener).counters())
                : sum(meters.find("camelot.bytes.sent").tag("listener", listener).counters());
        return new ListenerTotals(open, connections, requests, errors, in, out);
    }

    private static long sum(Collection<Counter> counters) {
        return Math.round(counters.stream().mapToDouble(Counter::count).sum());
    }
}
