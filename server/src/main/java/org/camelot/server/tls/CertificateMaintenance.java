package org.camelot.server.tls;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camelot.server.tls.acme.AcmeService;

/**
 * Keeps the running listeners' certificates current without a signal: file changes (a {@link CertificateWatcher}),
 * expiry metrics and warnings ({@link CertificateExpiry}), and ACME orders and renewals ({@link AcmeService}). Its
 * work runs on threads of its own, never on an event loop.
 */
public final class CertificateMaintenance implements AutoCloseable {

    private static final Duration WARNING_INTERVAL = Duration.ofHours(12);

    private final CertificateWatcher watcher;
    private final CertificateExpiry expiry;
    private final AcmeService acme = new AcmeService();
    private final ScheduledExecutorService clock =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("camelot-certificate-expiry", true));
    private final Set<ListenerCertificates> maintained = Collections.newSetFromMap(new IdentityHashMap<>());

    public CertificateMaintenance(MeterRegistry meters) {
        this.watcher = new CertificateWatcher(Duration.ofMillis(300), Duration.ofSeconds(30));
        this.expiry = new CertificateExpiry(meters);
        clock.scheduleWithFixedDelay(expiry::check, WARNING_INTERVAL.toMinutes(), WARNING_INTERVAL.toMinutes(),
                TimeUnit.MINUTES);
    }

    /**
     * Maintains exactly {@code current}: starts on those not yet maintained, then stops on the others (in that order,
     * so that an ACME certificate that stays keeps its maintainer and schedule across a reload).
     */
    public synchronized void maintain(Collection<ListenerCertificates> current) {
        Set<ListenerCertificates> next = Collections.newSetFromMap(new IdentityHashMap<>());
        next.addAll(current);
        for (ListenerCertificates c : next) {
            if (maintained.add(c)) {
                watcher.watch(c);
                expiry.track(c);
                if (c.acmeSlot() >= 0) {
                    acme.attach(c);
                }
            }
        }
        for (ListenerCertificates c : List.copyOf(maintained)) {
            if (!next.contains(c)) {
                watcher.forget(c);
                expiry.forget(c);
                if (c.acmeSlot() >= 0) {
                    acme.detach(c);
                }
                maintained.remove(c);
            }
        }
    }

    /** Orders every ACME certificate again now, due or not. */
    public void renewAcme() {
        acme.renewNow();
    }

    @Override
    public synchronized void close() {
        watcher.close();
        acme.close();
        clock.shutdownNow();
    }
}
