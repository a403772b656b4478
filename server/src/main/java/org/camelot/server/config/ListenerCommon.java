package org.camelot.server.config;

import java.time.Duration;
import java.util.List;
import org.camelot.protocol.Settings;

/** The keys every listener has, whatever its protocol. The {@code tls} key is handled apart (true, false or a block). */
record ListenerCommon(String protocol, String host, Integer port, Boolean wiretap, Duration idleTimeout) {

    static final List<String> KEYS = List.of("protocol", "host", "port", "tls", "wiretap", "idle-timeout");

    ListenerCommon {
        if (port != null) {
            Settings.range("port", port, 0, 65535);
        }
        wiretap = Settings.orDefault(wiretap, false);
        idleTimeout = Settings.positive("idle-timeout", Settings.orDefault(idleTimeout, Duration.ofSeconds(60)));
    }
}
