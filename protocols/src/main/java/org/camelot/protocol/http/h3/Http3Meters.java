package org.camelot.protocol.http.h3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A listener's QUIC and HTTP/3 counters: {@code camelot.quic.connections{event}} (connections {@code opened} and
 * {@code closed}: the difference is open now), {@code camelot.quic.handshake.failures} (connections that closed
 * before their handshake completed), {@code camelot.quic.packets.lost} (packets the server sent that the peer never
 * acknowledged, as QUIC's loss detection counted them) and {@code camelot.http3.streams} (request streams).
 */
final class Http3Meters {

    private final Counter opened;
    private final Counter closed;
    private final Counter handshakeFailures;
    private final Counter lost;
    private final Counter streams;

    Http3Meters(String listener, MeterRegistry meters) {
        opened = connections(listener, meters, "opened");
        closed = connections(listener, meters, "closed");
        handshakeFailures = Counter.builder("camelot.quic.handshake.failures").tag("listener", listener)
                .description("QUIC connections closed before their TLS handshake completed").register(meters);
        lost = Counter.builder("camelot.quic.packets.lost").tag("listener", listener)
                .description("QUIC packets declared lost").register(meters);
        streams = Counter.builder("camelot.http3.streams").tag("listener", listener)
                .description("HTTP/3 request streams opened by clients").register(meters);
    }

    private static Counter connections(String listener, MeterRegistry meters, String event) {
        return Counter.builder("camelot.quic.connections").tag("listener", listener).tag("event", event)
                .description("QUIC connections").register(meters);
    }

    void opened() {
        opened.increment();
    }

    void closed(boolean established, long lostPackets) {
        closed.increment();
        if (!established) {
            handshakeFailures.increment();
        }
        if (lostPackets > 0) {
            lost.increment(lostPackets);
        }
    }

    void stream() {
        streams.increment();
    }
}
