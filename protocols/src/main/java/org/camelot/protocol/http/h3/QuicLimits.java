package org.camelot.protocol.http.h3;

import java.time.Duration;
import org.camelot.protocol.http.HttpSettings;

/**
 * The {@code quic-*} keys of a listener: what its QUIC codec is built with. They are fixed per connection when it is
 * accepted, so a reload that changes them gives new connections a codec of their own ({@link QuicGenerations}).
 */
record QuicLimits(Duration idleTimeout, int maxUdpPayload, long initialMaxData, long initialMaxStreamData,
                  long maxStreams, boolean retry) {

    static QuicLimits of(HttpSettings s) {
        return new QuicLimits(s.quicIdleTimeout(), s.quicMaxUdpPayload(), s.quicInitialMaxData(),
                s.quicInitialMaxStreamData(), s.quicMaxStreams(), s.quicRetry());
    }
}
