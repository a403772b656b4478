package org.camelot.server.concurrency;

import java.io.IOException;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.framed.FramedListenerProtocol;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.tls.ListenerCertificates;

/** Starts a listener under a concurrency model other than event-loop, and checks what each model needs. */
public final class ModelServers {

    private ModelServers() {
    }

    /**
     * Binds the listener and starts serving it.
     *
     * @param root         the whole configuration, which the processes of the processes model load again
     * @param door         the listener's access rules and limits (the processes apply their own)
     * @param certificates the listener's certificates, {@code null} for cleartext
     */
    public static ModelServer start(CamelotConfig root, ListenerConfig l, Protocol protocol, ListenerGuard door,
                                    ListenerCertificates certificates) throws IOException {
        ConcurrencyModel model = l.concurrency().model();
        if (model == ConcurrencyModel.PROCESSES) {
            return ProcessGroup.start(root, l);
        }
        if (!model.blocking()) {
            throw new IllegalArgumentException("listener " + l.name() + " runs on event loops");
        }
        return BlockingServer.start(l, framedLogic(l, protocol), door,
                certificates == null ? null : certificates.jdkContext());
    }

    /** The listener's framed logic (with its simulated work, {@link SimulatedWork#decorate}), for a blocking model. */
    static FramedProtocol framedLogic(ListenerConfig l, Protocol protocol) {
        if (!(protocol instanceof FramedListenerProtocol framed)) {
            throw new IllegalStateException("listener " + l.name() + ": protocol has no framed logic");
        }
        return framed.framed();
    }

    /**
     * Checks that a listener's protocol can run under its concurrency settings: blocking models and simulated work
     * need the protocol's framed logic (a {@link FramedListenerProtocol}).
     *
     * @throws InvalidSettingException with the key relative to the listener ({@code concurrency} or {@code work})
     */
    public static void check(ListenerConfig l, Protocol protocol) {
        if (protocol instanceof FramedListenerProtocol) {
            return;
        }
        ConcurrencySettings c = l.concurrency();
        ConcurrencyModel runs = c.model() == ConcurrencyModel.PROCESSES ? c.processModel() : c.model();
        if (runs.blocking()) {
            throw new InvalidSettingException("concurrency", c.model() == runs ? runs.toString()
                    : c.model() + " with process-model " + runs,
                    "event-loop" + (c.model() == ConcurrencyModel.PROCESSES ? " as the process-model" : "")
                            + ": protocol " + l.provider().name() + " runs on event loops only (it has no framed "
                            + "request/reply logic for blocking models)");
        }
        if (l.work().any()) {
            throw new InvalidSettingException("work", "cpu-micros " + l.work().cpuMicros() + ", sleep-millis "
                    + l.work().sleepMillis(), "no work block: simulated work needs a framed request/reply protocol, "
                    + "and protocol " + l.provider().name() + " is not one");
        }
    }
}
