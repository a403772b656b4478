package org.camelot.server.tls;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;

/**
 * {@link ListenerCertificates#loadAll} of a generation of listeners, run on a thread of its own from the moment the
 * configuration is bound: loading netty-tcnative, reading the PEM files and building BoringSSL's contexts is most
 * of what a TLS listener costs at start-up, and it runs on the second core while the caller creates the other
 * listeners' protocols. A configuration without a TLS listener starts no thread and loads no TLS library.
 */
public final class CertificateLoading {

    private final FutureTask<Map<String, ListenerCertificates>> task;

    private CertificateLoading(FutureTask<Map<String, ListenerCertificates>> task) {
        this.task = task;
    }

    /** Starts reading and checking the certificates of every TLS listener of {@code config}. */
    public static CertificateLoading start(CamelotConfig config) {
        FutureTask<Map<String, ListenerCertificates>> task = new FutureTask<>(() -> ListenerCertificates.loadAll(config));
        if (config.listeners().stream().anyMatch(l -> l.isTls())) {
            Thread.ofPlatform().daemon().name("camelot-tls-load").start(task);
        } else {
            task.run();
        }
        return new CertificateLoading(task);
    }

    /**
     * Waits for the certificates.
     *
     * @return by listener name, for the TLS listeners only
     * @throws ConfigException naming the file, key path, value and what was expected, as {@code loadAll} does
     */
    public Map<String, ListenerCertificates> get() throws ConfigException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;    // the caller's interrupt is kept for after; the answer is needed now
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException c) {
                throw c;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
