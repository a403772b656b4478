package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.SettingsBinder;

/** What the server tells a protocol about its listener; the daemon's own protocols also see its status. */
record ServerListenerContext<S>(String name, S settings, boolean tls, Path configDirectory,
                                Executor blockingExecutor, SettingsBinder binder, PluginRegistry registry,
                                MeterRegistry meters, DaemonStatus daemon)
        implements ListenerContext<S>, DaemonStatus.Source {

    @Override
    public <T> List<T> services(Class<T> service) {
        return registry.services(service);
    }
}
