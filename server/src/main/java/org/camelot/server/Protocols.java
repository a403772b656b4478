package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.config.ConfigProblem;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.concurrency.ModelServers;
import org.camelot.server.concurrency.SimulatedWork;
import org.camelot.server.tls.CertificateLoading;
import org.camelot.server.tls.ListenerCertificates;

/** Creates each listener's protocol instance; what a protocol refuses is reported as a configuration problem. */
final class Protocols {

    private Protocols() {
    }

    /**
     * @param certificates the TLS listeners' certificates, still loading: the listeners before the first TLS one are
     *                     created meanwhile
     * @throws ConfigException what the certificates or the protocols refuse; nothing created is left open
     */
    static Map<ListenerConfig, Protocol> create(CamelotConfig config, CertificateLoading certificates,
                                               Executor blocking, MeterRegistry meters, DaemonStatus daemon)
            throws ConfigException {
        Map<ListenerConfig, Protocol> out = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            ListenerCertificates tls = null;
            if (l.isTls()) {
                try {
                    tls = certificates.get().get(l.name());
                } catch (ConfigException | RuntimeException e) {
                    out.values().forEach(Protocol::close);
                    throw e;
                }
            }
            try {
                out.put(l, create(l, config, tls, blocking, meters, daemon));
            } catch (InvalidSettingException e) {
                problems.add(new ConfigProblem(e.under("listeners." + l.name()).key(),
                        InvalidSettingException.describe(e.value()), e.expected()));
            } catch (Exception e) {
                problems.add(new ConfigProblem("listeners." + l.name(), l.provider().name(),
                        "settings the protocol can start with (" + e + ")"));
            }
        }
        if (!problems.isEmpty()) {
            out.values().forEach(Protocol::close);
            throw new ConfigException(config.file().toString(), problems);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <S> Protocol create(ListenerConfig l, CamelotConfig config, ListenerCertificates certificates,
                                       Executor blocking, MeterRegistry meters, DaemonStatus daemon) throws Exception {
        ProtocolProvider<S> provider = (ProtocolProvider<S>) l.provider();
        var dir = config.file().toAbsolutePath().normalize().getParent();
        var context = new ServerListenerContext<>(l.name(), (S) l.settings(), certificates, dir, blocking,
                ConfigLoader.binder(dir), config.registry(), meters, daemon);
        Protocol protocol = provider.create(context);
        try {
            ModelServers.check(l, protocol);
        } catch (InvalidSettingException e) {
            protocol.close();
            throw e;
        }
        return SimulatedWork.decorate(l, protocol);
    }
}
