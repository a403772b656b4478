package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.SettingsBinder;
import org.camelot.server.config.TlsSettings;
import org.camelot.server.tls.PemFiles;

/** What the server tells a protocol about its listener; the daemon's own protocols also see its status. */
record ServerListenerContext<S>(String name, S settings, TlsSettings tlsSettings, Path configDirectory,
                                Executor blockingExecutor, SettingsBinder binder, PluginRegistry registry,
                                MeterRegistry meters, DaemonStatus daemon)
        implements ListenerContext<S>, DaemonStatus.Source {

    @Override
    public boolean tls() {
        return tlsSettings != null;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return tlsSettings == null ? List.of()
                : PemFiles.certificates(tlsSettings.certificate(), "tls.certificate");
    }

    @Override
    public PrivateKey privateKey() {
        return tlsSettings == null ? null
                : PemFiles.privateKey(tlsSettings.privateKey(), "tls.private-key");
    }

    @Override
    public <T> List<T> services(Class<T> service) {
        return registry.services(service);
    }
}
