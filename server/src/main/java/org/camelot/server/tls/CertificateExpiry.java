package org.camelot.server.tls;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how long each served certificate has left: the gauge {@code camelot_tls_certificate_expiry_seconds
 * {listener, subject}} (negative once expired), and a log warning when a certificate is within its listener's
 * {@code expiry-warning} of expiring, at every change and again every {@link #check()}.
 */
public final class CertificateExpiry {

    private static final Logger log = LoggerFactory.getLogger("camelot.tls");

    private final MeterRegistry meters;
    /** By listener name: a reload's new certificates take over the gauge of the listener's old ones. */
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    private final Map<String, ListenerCertificates> sources = new ConcurrentHashMap<>();

    public CertificateExpiry(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Reports the listener's certificates from now on, and again after each change. */
    public void track(ListenerCertificates certificates) {
        String listener = certificates.listener();
        MultiGauge gauge = gauges.computeIfAbsent(listener, l -> MultiGauge.builder("camelot.tls.certificate.expiry")
                .description("Seconds until the served TLS certificate expires").baseUnit("seconds")
                .register(meters));
        sources.put(listener, certificates);
        Runnable refresh = () -> {
            if (sources.get(listener) == certificates) {
                refresh(certificates, gauge);
                warn(certificates);
            }
        };
        certificates.observe(refresh);
        refresh.run();
    }

    /** Stops reporting the listener's certificates (it stopped, or a reload replaced them). */
    public void forget(ListenerCertificates certificates) {
        if (sources.remove(certificates.listener(), certificates)) {
            MultiGauge gauge = gauges.remove(certificates.listener());
            if (gauge != null) {
                gauge.register(List.of(), true);
            }
        }
    }

    /** Logs the certificates close to expiry again (called every few hours). */
    public void check() {
        sources.values().forEach(CertificateExpiry::warn);
    }

    private static void refresh(ListenerCertificates certificates, MultiGauge gauge) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ServedCertificate c : certificates.current().all()) {
            Instant notAfter = c.notAfter();
            rows.add(MultiGauge.Row.of(Tags.of("listener", certificates.listener(), "subject", c.subject()),
                    () -> Duration.between(Instant.now(), notAfter).toMillis() / 1000.0));
        }
        gauge.register(rows, true);
    }

    private static void warn(ListenerCertificates certificates) {
        Duration window = certificates.settings().expiryWarning();
        for (ServedCertificate c : certificates.current().all()) {
            Duration left = Duration.between(Instant.now(), c.notAfter());
            if (!c.temporary() && left.compareTo(window) < 0) {
                log.warn("listener {}: the certificate {} ({}) expires on {}, in {} days", certificates.listener(),
                        c.subject(), c.origin(), c.notAfter(), Math.max(0, left.toDays()));
            }
        }
    }
}
