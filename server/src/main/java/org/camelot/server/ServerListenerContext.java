package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.SettingsBinder;
import org.camelot.server.tls.ListenerCertificates;

/**
 * What the server tells a protocol about its listener; the daemon's own protocols also see its status.
 *
 * @param certificates the listener's certificates as its generation read them, {@code null} for cleartext
 */
record ServerListenerContext<S>(String name, S settings, ListenerCertificates certificates, Path configDirectory,
                                Executor blockingExecutor, SettingsBinder binder, PluginRegistry registry,
                                MeterRegistry meters, DaemonStatus daemon)
        implements ListenerContext<S>, DaemonStatus.Source {

    @Override
    public boolean tls() {
        return certificates != null;
    }

    /** The default certificate's chain, as read when the generation started (the files are not read again). */
    @Override
    public List<X509Certificate> certificateChain() {
        return certificates == null ? List.of() : certificates.current().fallback().chain();
    }

    @Override
    public PrivateKey privateKey() {
        return certificates == null ? null : certificates.current().fallback().key();
    }

    @Override
    public <T> List<T> services(Class<T> service) {
        return registry.services(service);
    }
}
