package org.camelot.protocol.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Counts a listener's answered requests by status ({@code camelot.http.requests{listener, status}}). */
final class RequestMeters {

    private final String listener;
    private final MeterRegistry meters;
    private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

    RequestMeters(String listener, MeterRegistry meters) {
        this.listener = listener;
        this.meters = meters;
    }

    void count(int status) {
        if (status < 100 || status >= 600) {
            return;
        }
        Counter c = byStatus.get(status);
        if (c == null) {
            c = Counter.builder("camelot.http.requests").tag("listener", listener).tag("status", String.valueOf(status))
                    .description("HTTP requests answered, by status").register(meters);
            byStatus.set(status, c);
        }
        c.increment();
    }
}
