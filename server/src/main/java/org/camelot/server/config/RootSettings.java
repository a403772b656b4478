package org.camelot.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camelot.protocol.Settings;

/** The top-level keys of the configuration file, before the listeners are bound to their protocols. */
record RootSettings(TransportKind transport, Integer ioThreads, Duration shutdownTimeout, Duration shutdownDelay,
                    Path plugins,
                    TrafficShaping trafficShaping, LoggingSettings logging, JsonNode tls,
                    Map<String, JsonNode> listeners) {

    RootSettings {
        transport = Settings.orDefault(transport, TransportKind.AUTO);
        ioThreads = Settings.range("io-threads", Settings.orDefault(ioThreads, 0), 0, 1024);
        shutdownTimeout = Settings.notNegative("shutdown-timeout", Settings.orDefault(shutdownTimeout, Duration.ofSeconds(10)));
        shutdownDelay = Settings.notNegative("shutdown-delay", Settings.orDefault(shutdownDelay, Duration.ZERO));
        trafficShaping = Settings.orDefault(trafficShaping, new TrafficShaping(null, null, null));
        logging = Settings.orDefault(logging, LoggingSettings.defaults());
        listeners = listeners == null ? Map.of() : new LinkedHashMap<>(listeners);
    }
}
