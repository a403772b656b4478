package org.camelot.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camelot.server.PluginRegistry;

/**
 * The whole validated configuration, read once at start-up.
 *
 * @param file            the configuration file
 * @param transport       the event-loop transport
 * @param ioThreads       event-loop threads (one per core by default)
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight work before closing what is left
 * @param shutdownDelay   how long a graceful shutdown first keeps serving while the health checks say 503
 * @param plugins         the directory whose jars are searched for protocols, or {@code null}
 * @param trafficShaping  the global limits on bytes per second in and out
 * @param logging         levels, console, log files
 * @param listeners       the listeners, in file order
 * @param registry        the protocols found on the class path and in the plugins directory
 * @param overrides       the {@code --set key.path=value} overrides applied to the file, so that the same
 *                        configuration can be loaded again (by the processes of the processes model)
 */
public record CamelotConfig(Path file, TransportKind transport, int ioThreads, Duration shutdownTimeout,
                            Duration shutdownDelay, Path plugins,
                            TrafficShaping trafficShaping, LoggingSettings logging, List<ListenerConfig> listeners,
                            PluginRegistry registry, List<String> overrides) {

    public CamelotConfig {
        listeners = List.copyOf(listeners);
        overrides = List.copyOf(overrides);
    }

    /** The same configuration with other listeners. */
    public CamelotConfig withListeners(List<ListenerConfig> otherListeners) {
        return new CamelotConfig(file, transport, ioThreads, shutdownTimeout, shutdownDelay, plugins, trafficShaping, logging,
                otherListeners, registry, overrides);
    }

    /** The same configuration with other logging settings. */
    public CamelotConfig withLogging(LoggingSettings otherLogging) {
        return new CamelotConfig(file, transport, ioThreads, shutdownTimeout, shutdownDelay, plugins, trafficShaping, otherLogging,
                listeners, registry, overrides);
    }
}
