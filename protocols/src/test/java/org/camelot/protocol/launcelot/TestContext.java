package org.camelot.protocol.launcelot;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.SettingsBinder;

/** A listener context for creating the protocol outside a server. */
record TestContext(LauncelotSettings settings) implements ListenerContext<LauncelotSettings> {

    @Override
    public String name() {
        return "launcelot";
    }

    @Override
    public boolean tls() {
        return false;
    }

    @Override
    public Path configDirectory() {
        return Path.of(".");
    }

    @Override
    public Executor blockingExecutor() {
        return Runnable::run;
    }

    @Override
    public SettingsBinder binder() {
        throw new UnsupportedOperationException("not needed by launcelot");
    }

    @Override
    public <T> List<T> services(Class<T> service) {
        return List.of();
    }
}
