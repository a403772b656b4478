package org.camelot.server.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.server.config.CertificateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directories of the listeners' certificate and key files and serves a pair again when its content
 * changed: written in place, replaced by a rename, or swapped under a symbolic link as Kubernetes does for a mounted
 * secret ({@code tls.crt -> ..data/tls.crt}, where {@code ..data} is a link renamed to a new directory). Events are
 * debounced (a writer's several writes make one reload); the pair is read and checked on this thread, and a broken
 * pair is refused with a log line while the old one stays. The directories are also looked at every
 * {@code poll} in case a file system reports no events.
 */
public final class CertificateWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("camelot.tls");

    /** One watched pair: a listener's slot and its files. */
    private record Watched(ListenerCertificates certificates, int slot, CertificateFiles files) {
    }

    private final Duration debounce;
    private final Duration poll;
    private final WatchService service;
    private final Map<Path, WatchKey> directories = new ConcurrentHashMap<>();
    private final List<Watched> watched = new CopyOnWriteArrayList<>();
    private final Map<Watched, String> fingerprints = new ConcurrentHashMap<>();
    private final Thread thread;

    public CertificateWatcher(Duration debounce, Duration poll) {
        this.debounce = debounce;
        this.poll = poll;
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("certificate files are looked at every {} only: no file system events ({})", poll, e.toString());
            s = null;
        }
        this.service = s;
        this.thread = Thread.ofPlatform().daemon().name("camelot-certificate-watch").start(this::run);
    }

    /** Watches every pair of files of the listener, when its block has {@code watch: true}. */
    public void watch(ListenerCertificates certificates) {
        if (!certificates.settings().watch()) {
            return;
        }
        List<CertificateFiles> files = certificates.files();
        for (int i = 0; i < files.size(); i++) {
            Watched w = new Watched(certificates, i, files.get(i));
            fingerprints.put(w, fingerprint(w.files()));
            watched.add(w);
            for (Path p : List.of(w.files().certificate(), w.files().privateKey())) {
                register(p.toAbsolutePath().getParent());
                try {
                    register(p.toRealPath().getParent()); // a link to another directory: watch where it points
                } catch (IOException e) {
                    // the file is gone for now: its directory above is watched, and it is read when it comes back
                }
            }
        }
    }

    /** Stops watching the listener's files. */
    public void forget(ListenerCertificates certificates) {
        watched.removeIf(w -> {
            if (w.certificates() == certificates) {
                fingerprints.remove(w);
                return true;
            }
            return false;
        });
    }

    private void register(Path directory) {
        if (service == null || directory == null || directories.containsKey(directory)) {
            return;
        }
        try {
            directories.put(directory, directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        } catch (IOException | ClosedWatchServiceException e) {
            log.warn("cannot watch {} for certificate changes: {}", directory, e.toString());
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (service == null) {
                    Thread.sleep(poll.toMillis());
                } else {
                    WatchKey key = service.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        settle(key);
                    }
                }
                reloadChanged();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Takes events until none came for {@code debounce}, so that one reload follows a burst of writes. */
    private void settle(WatchKey first) throws InterruptedException {
        WatchKey key = first;
        while (key != null) {
            key.pollEvents();
            if (!key.reset()) {
                directories.values().remove(key);
            }
            key = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reloadChanged() {
        Set<Path> lost = new HashSet<>();
        for (Watched w : watched) {
            String now = fingerprint(w.files());
            if (now == null || now.equals(fingerprints.get(w))) {
                continue;
            }
            fingerprints.put(w, now);
            ListenerCertificates c = w.certificates();
            String key = c.settings().filesKey(c.path(), w.slot());
            try {
                ServedCertificate next = CertificateLoader.load(w.files(), c.settings(), key, c.alpn(), c.trust());
                c.replace(w.slot(), next);
                log.info("listener {}: serving the new certificate {} ({}, valid until {})", c.listener(),
                        w.files().certificate(), next.subject(), next.notAfter());
            } catch (InvalidSettingException | IllegalArgumentException e) {
                log.warn("listener {}: the changed certificate {} is refused, the previous one is still served: {}",
                        c.listener(), w.files().certificate(), e.getMessage());
            }
            for (Path p : List.of(w.files().certificate(), w.files().privateKey())) {
                try {
                    lost.add(p.toRealPath().getParent());
                } catch (IOException e) {
                    // gone: nothing to watch there
                }
            }
        }
        lost.forEach(this::register); // a symbolic link now pointing into a new directory
    }

    /** A digest of both files' contents, or {@code null} while one of them is missing (mid-replacement). */
    private static String fingerprint(CertificateFiles files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(files.certificate()));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(files.privateKey()));
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
