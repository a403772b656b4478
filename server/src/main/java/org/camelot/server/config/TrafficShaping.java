package org.camelot.server.config;

import java.time.Duration;
import org.camelot.protocol.Settings;

/**
 * Global traffic shaping across every TCP connection of the daemon (Netty's {@code GlobalTrafficShapingHandler}).
 *
 * @param readBytesPerSecond  bytes per second read at most, 0 for no limit
 * @param writeBytesPerSecond bytes per second written at most, 0 for no limit
 * @param checkInterval       how often the rates are measured and applied
 */
public record TrafficShaping(Long readBytesPerSecond, Long writeBytesPerSecond, Duration checkInterval) {

    public TrafficShaping {
        readBytesPerSecond = Settings.range("read-bytes-per-second", Settings.orDefault(readBytesPerSecond, 0L), 0,
                Long.MAX_VALUE);
        writeBytesPerSecond = Settings.range("write-bytes-per-second", Settings.orDefault(writeBytesPerSecond, 0L), 0,
                Long.MAX_VALUE);
        checkInterval = Settings.positive("check-interval", Settings.orDefault(checkInterval, Duration.ofSeconds(1)));
    }

    public boolean enabled() {
        return readBytesPerSecond > 0 || writeBytesPerSecond > 0;
    }
}
