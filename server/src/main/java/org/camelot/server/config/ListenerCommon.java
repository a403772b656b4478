package org.camelot.server.config;

import java.time.Duration;
import java.util.List;
import org.camelot.protocol.Settings;

/**
 * The keys every listener has, whatever its protocol. The {@code tls}, {@code concurrency} and {@code work} keys are
 * bound apart (each may be a block).
 */
record ListenerCommon(String protocol, String host, Integer port, Boolean wiretap, Duration idleTimeout,
                      List<String> allow, List<String> deny, Integer maxConnections, Integer maxConnectionsPerClient,
                      Boolean proxyProtocol, Boolean reusePort) {

    static final List<String> KEYS = List.of("protocol", "host", "port", "tls", "wiretap", "idle-timeout",
            "allow", "deny", "max-connections", "max-connections-per-client", "proxy-protocol", "reuse-port",
            "concurrency", "work");

    /** The keys bound apart from this record. */
    static final List<String> BLOCKS = List.of("tls", "concurrency", "work");

    ListenerCommon {
        allow = List.copyOf(Settings.orDefault(allow, List.of()));
        deny = List.copyOf(Settings.orDefault(deny, List.of()));
        maxConnections = Settings.range("max-connections", Settings.orDefault(maxConnections, 0), 0, 10_000_000);
        maxConnectionsPerClient = Settings.range("max-connections-per-client",
                Settings.orDefault(maxConnectionsPerClient, 0), 0, 10_000_000);
        proxyProtocol = Settings.orDefault(proxyProtocol, false);
        reusePort = Settings.orDefault(reusePort, false);
        if (port != null) {
            Settings.range("port", port, 0, 65535);
        }
        wiretap = Settings.orDefault(wiretap, false);
        idleTimeout = Settings.positive("idle-timeout", Settings.orDefault(idleTimeout, Duration.ofSeconds(60)));
    }
}
