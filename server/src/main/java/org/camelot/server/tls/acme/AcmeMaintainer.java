package org.camelot.server.tls.acme;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.config.AcmeSettings;
import org.camelot.server.tls.ListenerCertificates;
import org.camelot.server.tls.ServedCertificate;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one ACME certificate (one storage directory, CA and list of names) current for every listener that serves
 * it, as certmagic's maintain.go does: it orders the certificate when there is none or it has reached two thirds of
 * its lifetime, under the storage lock so that daemons sharing the directory order it once; it takes up a
 * certificate another daemon stored; it retries a failure with a growing delay, and a rate-limit error after the
 * time the CA asks for (at least an hour). All of it on the ACME thread, never on an event loop.
 */
final class AcmeMaintainer {

    private static final Logger log = LoggerFactory.getLogger("camelot.acme");
    /** Also looks at the storage this often, for a certificate another daemon renewed. */
    private static final Duration RECHECK = Duration.ofHours(1);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(6);
    private static final Duration RATE_LIMIT_PAUSE = Duration.ofHours(1);

    private final AcmeSettings acme;
    private final AcmeStorage storage;
    private final ScheduledExecutorService thread;
    private final List<ListenerCertificates> listeners = new CopyOnWriteArrayList<>();
    private int failures;
    /** After a failure, no new order before this, whatever the hourly look at the storage finds. */
    private Instant noOrderBefore = Instant.MIN;
    private ScheduledFuture<?> next;

    AcmeMaintainer(AcmeSettings acme, ScheduledExecutorService thread) {
        this.acme = acme;
        this.storage = new AcmeStorage(acme);
        this.thread = thread;
    }

    void attach(ListenerCertificates certificates) {
        listeners.add(certificates);
        if (certificates.slot(certificates.acmeSlot()).temporary()) {
            log.warn("listener {}: serving a temporary self-signed certificate for {} until the ACME CA issues one",
                    certificates.listener(), acme.names());
        }
        schedule(Duration.ZERO, false);
    }

    /** @return whether no listener is left */
    boolean detach(ListenerCertificates certificates) {
        listeners.remove(certificates);
        return listeners.isEmpty();
    }

    /** Orders a new certificate now, due or not (an operator's forced renewal). */
    void renewNow() {
        schedule(Duration.ZERO, true);
    }

    private synchronized void schedule(Duration delay, boolean force) {
        if (next != null) {
            next.cancel(false);
        }
        next = thread.schedule(() -> check(force), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(boolean force) {
        if (listeners.isEmpty()) {
            return;
        }
        Duration wait;
        try {
            ServedCertificate stored = takeUpStored();
            boolean mayOrder = force || !Instant.now().isBefore(noOrderBefore);
            if (mayOrder && (force || due(stored))) {
                try (AutoCloseable lock = storage.lock()) {
                    stored = takeUpStored(); // another daemon may have renewed it while this one waited
                    if (force || due(stored)) {
                        order();
                        stored = takeUpStored();
                        if (stored == null) { // never order again at once: that would loop against the CA
                            throw new IOException("the certificate stored in " + storage.certificate()
                                    + " does not load or does not cover every name");
                        }
                    }
                }
                failures = 0;
            }
            wait = mayOrder ? untilDue(stored) : Duration.between(Instant.now(), noOrderBefore);
        } catch (AcmeRateLimitedException e) {
            Instant retryAfter = e.getRetryAfter().orElse(null);
            Duration asked = retryAfter == null ? Duration.ZERO : Duration.between(Instant.now(), retryAfter);
            wait = asked.compareTo(RATE_LIMIT_PAUSE) > 0 ? asked : RATE_LIMIT_PAUSE;
            noOrderBefore = Instant.now().plus(wait);
            log.warn("ACME: the CA refused to issue a certificate for {} because of its rate limits ({}); "
                    + "trying again in {}", acme.names(), e.getMessage(), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failures++;
            wait = retryDelay(failures);
            noOrderBefore = Instant.now().plus(wait);
            log.warn("ACME: could not obtain a certificate for {} from {}: {}; attempt {}, next in {}", acme.names(),
                    acme.directory(), e.getMessage() == null ? e.toString() : e.getMessage(), failures, wait);
        }
        schedule(wait.compareTo(RECHECK) > 0 ? RECHECK : wait, false);
    }

    static Duration retryDelay(int failures) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : d;
    }

    private void order() throws Exception {
        log.info("ACME: ordering a certificate for {} from {} ({})", acme.names(), acme.directory(), acme.challenge());
        AcmeOrder.Issued issued = AcmeOrder.run(acme, storage);
        storage.store(issued.chainPem(), issued.key().getPrivate());
        log.info("ACME: obtained a certificate for {}, valid until {}", acme.names(),
                issued.chain().get(0).getNotAfter().toInstant());
    }

    /**
     * Serves the stored certificate on every listener that serves another one (a new one, or one another daemon
     * renewed); returns it, or {@code null} when there is no usable one.
     */
    private ServedCertificate takeUpStored() throws IOException {
        ServedCertificate stored = null;
        for (ListenerCertificates l : listeners) {
            ServedCertificate mine = AcmeCertificates.stored(storage, l.settings(), l.path(), l.alpn(), l.trust());
            if (mine == null) {
                return null;
            }
            stored = mine;
            ServedCertificate serving = l.slot(l.acmeSlot());
            if (!serving.leaf().equals(mine.leaf())) {
                try {
                    l.replace(l.acmeSlot(), mine);
                    log.info("listener {}: now serving the ACME certificate for {} (valid until {})", l.listener(),
                            acme.names(), mine.notAfter());
                } catch (IllegalArgumentException e) {
                    log.warn("listener {}: the ACME certificate for {} is not served: {}", l.listener(), acme.names(),
                            e.getMessage());
                }
            }
        }
        return stored;
    }

    /** Whether the certificate is missing or past two thirds of its lifetime. */
    private static boolean due(ServedCertificate c) {
        return c == null || !Instant.now().isBefore(renewAt(c));
    }

    private static Instant renewAt(ServedCertificate c) {
        Duration lifetime = Duration.between(c.notBefore(), c.notAfter());
        return c.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3));
    }

    private static Duration untilDue(ServedCertificate c) {
        Duration d = c == null ? FIRST_RETRY : Duration.between(Instant.now(), renewAt(c));
        return d.isNegative() ? Duration.ZERO : d;
    }
}
