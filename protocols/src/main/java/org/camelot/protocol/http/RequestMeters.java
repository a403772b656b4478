package org.camelot.protocol.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts a listener's answered requests by status and protocol
 * ({@code camelot.http.requests{listener, status, protocol}}, {@code protocol} being {@code HTTP/1.0},
 * {@code HTTP/1.1}, {@code HTTP/2.0} or {@code HTTP/3.0}).
 */
final class RequestMeters {

    private static final String[] PROTOCOLS = {"HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"};

    private final String listener;
    private final MeterRegistry meters;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(600 * PROTOCOLS.length);

    RequestMeters(String listener, MeterRegistry meters) {
        this.listener = listener;
        this.meters = meters;
    }

    void count(int status, String protocol) {
        int p = protocol.equals(PROTOCOLS[1]) ? 1 : protocol.equals(PROTOCOLS[2]) ? 2
                : protocol.equals(PROTOCOLS[3]) ? 3 : 0;
        if (status < 100 || status >= 600) {
            return;
        }
        int i = status * PROTOCOLS.length + p;
        Counter c = counters.get(i);
        if (c == null) {
            c = Counter.builder("camelot.http.requests").tag("listener", listener).tag("status", String.valueOf(status))
                    .tag("protocol", PROTOCOLS[p]).description("HTTP requests answered, by status and protocol")
                    .register(meters);
            counters.set(i, c);
        }
        c.increment();
    }
}
