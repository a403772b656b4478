package org.camelot.server.tls.acme;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.camelot.server.config.AcmeSettings;
import org.camelot.server.tls.ListenerCertificates;

/**
 * The daemon's ACME certificates: one {@link AcmeMaintainer} per distinct {@code acme:} block, shared by the
 * listeners that use it, all on one thread of their own (ACME calls, key generation and file writes block).
 */
public final class AcmeService implements AutoCloseable {

    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("camelot-acme", true));
    private final Map<AcmeSettings, AcmeMaintainer> maintainers = new HashMap<>();

    public synchronized void attach(ListenerCertificates certificates) {
        maintainers.computeIfAbsent(certificates.settings().acme(), a -> new AcmeMaintainer(a, thread))
                .attach(certificates);
    }

    public synchronized void detach(ListenerCertificates certificates) {
        AcmeMaintainer m = maintainers.get(certificates.settings().acme());
        if (m != null && m.detach(certificates)) {
            maintainers.remove(certificates.settings().acme());
        }
    }

    /** Orders every ACME certificate again now, due or not. */
    public synchronized void renewNow() {
        maintainers.values().forEach(AcmeMaintainer::renewNow);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
