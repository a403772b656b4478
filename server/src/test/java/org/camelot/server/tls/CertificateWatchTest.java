package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate replaced on disk is served to the next handshakes without a signal; a broken one is refused. */
class CertificateWatchTest {

    /** Generous for a loaded machine; the watcher reacts within a second when idle. */
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestCertificates pki;

    @BeforeEach
    void ca() throws Exception {
        pki = new TestCertificates();
    }

    private RunningServer start(Path cert, Path key) throws Exception {
        return RunningServer.start(dir, """
                listeners:
                  upper:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls: {certificate: %s, private-key: %s}
                """.formatted(cert, key));
    }

    /** Waits until handshakes with {@code name} present {@code subject}. */
    private void awaitServed(InetSocketAddress address, String name, String subject) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = pki.presented(address, name);
            if (seen.equals(subject)) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(subject, seen, "not served within " + WITHIN);
    }

    @Test
    void servesAFileWrittenInPlace() throws Exception {
        Path[] files = TestCertificates.write(dir, "site", pki.issue("one.test", "site.test"));
        try (RunningServer s = start(files[0], files[1])) {
            var address = s.loopback("upper");
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            var next = pki.issue("two.test", "site.test");
            Files.writeString(files[1], next.keyPem()); // same inodes, truncated and written
            Files.writeString(files[0], next.certificatePem());
            awaitServed(address, "site.test", "CN=two.test");
            assertTrue(s.server().scrape().contains("subject=\"CN=two.test\""), "the expiry gauge follows");
            assertTrue(!s.server().scrape().contains("subject=\"CN=one.test\""), "the old certificate's gauge is gone");
        }
    }

    @Test
    void servesAFileReplacedByRename() throws Exception {
        Path[] files = TestCertificates.write(dir, "site", pki.issue("one.test", "site.test"));
        try (RunningServer s = start(files[0], files[1])) {
            var address = s.loopback("upper");
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            Path staging = Files.createDirectory(dir.resolve("staging"));
            Path[] next = TestCertificates.write(staging, "site", pki.issue("two.test", "site.test"));
            Files.move(next[1], files[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(next[0], files[0], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitServed(address, "site.test", "CN=two.test");
        }
    }

    /** The layout of a Kubernetes secret volume, and its atomic update by swapping the {@code ..data} link. */
    @Test
    void servesAKubernetesSecretSwappedByItsDataLink() throws Exception {
        Path secret = Files.createDirectory(dir.resolve("secret"));
        Path first = Files.createDirectory(secret.resolve("..2026_12_01_10_00_00.1"));
        TestCertificates.write(first, "tls", pki.issue("one.test", "site.test"));
        Files.createSymbolicLink(secret.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(secret.resolve("tls.crt"), Path.of("..data/tls.pem"));
        Files.createSymbolicLink(secret.resolve("tls.key"), Path.of("..data/tls-key.pem"));
        try (RunningServer s = start(secret.resolve("tls.crt"), secret.resolve("tls.key"))) {
            var address = s.loopback("upper");
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            Path second = Files.createDirectory(secret.resolve("..2026_12_01_11_00_00.2"));
            TestCertificates.write(second, "tls", pki.issue("two.test", "site.test"));
            Files.createSymbolicLink(secret.resolve("..data_tmp"), second.getFileName());
            Files.move(secret.resolve("..data_tmp"), secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(first.resolve("tls.pem"));
            Files.delete(first.resolve("tls-key.pem"));
            Files.delete(first);
            awaitServed(address, "site.test", "CN=two.test");
            // and again, from the new directory on
            Path third = Files.createDirectory(secret.resolve("..2026_12_01_12_00_00.3"));
            TestCertificates.write(third, "tls", pki.issue("three.test", "site.test"));
            Files.createSymbolicLink(secret.resolve("..data_tmp"), third.getFileName());
            Files.move(secret.resolve("..data_tmp"), secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            awaitServed(address, "site.test", "CN=three.test");
        }
    }

    @Test
    void refusesABrokenReplacementAndKeepsTheOldOne() throws Exception {
        Path[] files = TestCertificates.write(dir, "site", pki.issue("one.test", "site.test"));
        try (RunningServer s = start(files[0], files[1])) {
            var address = s.loopback("upper");
            var two = pki.issue("two.test", "site.test");
            // the new certificate with the key of another one
            Files.writeString(files[1], pki.issue("other.test").keyPem());
            Files.writeString(files[0], two.certificatePem());
            Thread.sleep(2_000);
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            // not PEM at all
            Files.writeString(files[0], "this is not a certificate\n");
            Thread.sleep(2_000);
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            // a good pair again is taken up: the watcher is still alive
            Files.writeString(files[1], two.keyPem());
            Files.writeString(files[0], two.certificatePem());
            awaitServed(address, "site.test", "CN=two.test");
        }
    }

    @Test
    void aReloadWithAKeyOfAnotherCertificateIsRefusedAndTheOldOneStaysServed() throws Exception {
        Path[] files = TestCertificates.write(dir, "site", pki.issue("one.test", "site.test"));
        Path[] other = TestCertificates.write(dir, "other", pki.issue("other.test", "site.test"));
        try (RunningServer s = start(files[0], files[1])) {
            var address = s.loopback("upper");
            Files.writeString(s.configFile(), Files.readString(s.configFile())
                    .replace(files[0].toString(), other[0].toString())
                    .replace("port: 0", "port: " + address.getPort()));
            // the configuration itself is valid: its files are read as the new generation starts, and refused there
            var next = new org.camelot.server.config.ConfigLoader().load(s.configFile(), java.util.List.of());
            var e = org.junit.jupiter.api.Assertions.assertThrows(org.camelot.server.config.ConfigException.class,
                    () -> s.server().reload(next));
            assertTrue(e.getMessage().startsWith(s.configFile() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(".private-key: \"" + files[1] + "\"")
                    && e.getMessage().contains("belongs to another certificate"), e.getMessage());
            assertEquals("CN=one.test", pki.presented(address, "site.test"));
            assertEquals(address.getPort(), s.loopback("upper").getPort());
        }
    }

    @Test
    void keepsWatchingAndMeasuringAcrossAReload() throws Exception {
        Path[] files = TestCertificates.write(dir, "site", pki.issue("one.test", "site.test"));
        Path[] other = TestCertificates.write(dir, "other", pki.issue("other.test", "site.test"));
        try (RunningServer s = start(files[0], files[1])) {
            var address = s.loopback("upper");
            Files.writeString(s.configFile(), Files.readString(s.configFile())
                    .replace(files[0].toString(), other[0].toString()).replace(files[1].toString(), other[1].toString())
                    .replace("port: 0", "port: " + address.getPort()));
            s.server().reload(new org.camelot.server.config.ConfigLoader().load(s.configFile(), java.util.List.of()));
            assertEquals("CN=other.test", pki.presented(address, "site.test"));
            assertTrue(s.server().scrape().contains("subject=\"CN=other.test\""), s.server().scrape());
            var next = pki.issue("next.test", "site.test");
            Files.writeString(other[1], next.keyPem());
            Files.writeString(other[0], next.certificatePem());
            awaitServed(address, "site.test", "CN=next.test");
            assertTrue(s.server().scrape().contains("subject=\"CN=next.test\""), s.server().scrape());
            Files.writeString(files[0], pki.issue("stale.test").certificatePem()); // no longer watched
        }
    }
}
