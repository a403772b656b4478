package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
     * Creates the protocols of the listeners without TLS first, while the TLS listeners' certificates still load on
     * another thread, then those of the TLS listeners; the map is in the configuration's order all the same.
     *
     * @param certificates the TLS listeners' certificates, loading
     * @throws ConfigException what the certificates or the protocols refuse; nothing created is left open
     */
    static Map<ListenerConfig, Protocol> create(CamelotConfig config, CertificateLoading certificates,
                                               Executor blocking, MeterRegistry meters, DaemonStatus daemon)
            throws ConfigException {
        List<ListenerConfig> listeners = config.listeners();
        Protocol[] created = new Protocol[listeners.size()];
        ConfigProblem[] problems = new ConfigProblem[listeners.size()];
        for (boolean tls : new boolean[] {false, true}) {
            for (int i = 0; i < listeners.size(); i++) {
                ListenerConfig l = listeners.get(i);
                if (l.isTls() != tls) {
                    continue;
                }
                ListenerCertificates c = null;
                if (tls) {
                    try {
                        c = certificates.get().get(l.name());
                    } catch (ConfigException | RuntimeException e) {
                        closeAll(created);
                        throw e;
                    }
                }
                try {
                    created[i] = create(l, config, c, blocking, meters, daemon);
                } catch (InvalidSettingException e) {
                    problems[i] = new ConfigProblem(e.under("listeners." + l.name()).key(),
                            InvalidSettingException.describe(e.value()), e.expected());
                } catch (Exception e) {
                    problems[i] = new ConfigProblem("listeners." + l.name(), l.provider().name(),
                            "settings the protocol can start with (" + e + ")");
                }
            }
        }
        List<ConfigProblem> found = Arrays.stream(problems).filter(Objects::nonNull).toList();
        if (!found.isEmpty()) {
            closeAll(created);
            throw new ConfigException(config.file().toString(), found);
        }
        Map<ListenerConfig, Protocol> out = new LinkedHashMap<>();
        for (int i = 0; i < listeners.size(); i++) {
            out.put(listeners.get(i), created[i]);
        }
        return out;
    }

    private static void closeAll(Protocol[] created) {
        for (Protocol p : created) {
            if (p != null) {
                p.close();
            }
        }
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
