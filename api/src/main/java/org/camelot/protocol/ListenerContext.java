package org.camelot.protocol;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a protocol knows of the listener it runs on.
 *
 * @param <S> the protocol's settings type
 */
public interface ListenerContext<S> {

    /** The listener's name, the key under {@code listeners:}. */
    String name();

    /** The validated settings bound from the listener's protocol-specific keys. */
    S settings();

    /** Whether connections on this listener are wrapped in TLS. */
    boolean tls();

    /**
     * The certificate chain (server certificate first) of the listener's TLS, for protocols that run TLS of their
     * own next to the listener's (QUIC); empty on a cleartext listener.
     */
    default List<java.security.cert.X509Certificate> certificateChain() {
        return List.of();
    }

    /** The private key of {@link #certificateChain()}, or {@code null} on a cleartext listener. */
    default java.security.PrivateKey privateKey() {
        return null;
    }

    /** The directory of the configuration file; relative paths in settings are already resolved against it. */
    Path configDirectory();

    /**
     * An executor for blocking work (file opens, stats, reads) so that nothing blocks an event loop. Shared by all
     * listeners; its threads are daemon threads.
     */
    Executor blockingExecutor();

    /**
     * Binds a part of the configuration to a type the same way listener settings are bound: kebab-case keys, unknown
     * keys refused, relative paths resolved against the configuration directory, errors reported with their key path.
     * Protocols with nested, pluggable parts (HTTP routes) use it at {@link ProtocolProvider#create} time.
     */
    SettingsBinder binder();

    /**
     * Where the protocol records its metrics (exposed by the admin listener in the Prometheus format). Name meters
     * {@code camelot.<protocol>.<what>} and tag them with {@code listener} = {@link #name()}.
     */
    default MeterRegistry meters() {
        return Metrics.globalRegistry;
    }

    /** Loads every implementation of a service interface from the class path and the plugins directory. */
    <T> List<T> services(Class<T> service);
}
