package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks of the certificates a TLS block names. */
class CertificateValidationTest {

    @TempDir
    Path dir;
    private TestCertificates pki;
    private Path[] alpha;
    private Path[] other;

    @BeforeEach
    void certificates() throws Exception {
        pki = new TestCertificates();
        alpha = TestCertificates.write(dir, "alpha", pki.issue("alpha.test"));
        other = TestCertificates.write(dir, "other", pki.issue("alpha.test", "other.test"));
    }

    private String error(String tls) throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, "listeners:\n  upper:\n    protocol: upper\n    port: 0\n    tls:\n"
                + tls.indent(6));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ListenerCertificates.loadAll(new ConfigLoader().load(file, List.of())));
        return e.getMessage();
    }

    @Test
    void refusesAKeyOfAnotherCertificate() throws Exception {
        String m = error("certificates:\n  - {certificate: " + alpha[0] + ", private-key: " + other[1] + "}\n");
        assertTrue(m.contains("listeners.upper.tls.certificates[0].private-key") && m.contains("belongs to another"), m);
    }

    @Test
    void refusesAKeyOfAnotherCertificateInTheFormOpenSslWrites() throws Exception {
        // openssl genpkey writes the public point into the key file: the check compares it with the certificate's
        Path key = dir.resolve("openssl-key.pem");
        var p = new ProcessBuilder("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", key.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor() == 0, new String(p.getInputStream().readAllBytes()));
        String m = error("certificates:\n  - {certificate: " + alpha[0] + ", private-key: " + key + "}\n");
        assertTrue(m.contains("listeners.upper.tls.certificates[0].private-key: \"" + key + "\"")
                && m.contains("belongs to another certificate"), m);
    }

    @Test
    void refusesANameServedByTwoCertificates() throws Exception {
        String m = error("certificates:\n  - {certificate: " + alpha[0] + ", private-key: " + alpha[1] + "}\n"
                + "  - {certificate: " + other[0] + ", private-key: " + other[1] + "}\n");
        assertTrue(m.contains("listeners.upper.tls.certificates[1].certificate") && m.contains("alpha.test is also in")
                && m.contains(other[0].toString()), m);
    }

    @Test
    void refusesAnExpiredCertificateWithItsDate() throws Exception {
        Instant end = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Path[] old = TestCertificates.write(dir, "old", pki.issue(end.minus(30, ChronoUnit.DAYS), end, "old.test"));
        String m = error("certificate: " + old[0] + "\nprivate-key: " + old[1] + "\n");
        assertTrue(m.contains("listeners.upper.tls.certificate") && m.contains("expired on " + end), m);
    }

    @Test
    void refusesBothFormsAtOnceAndNeither() throws Exception {
        String m = error("certificate: " + alpha[0] + "\nprivate-key: " + alpha[1] + "\ncertificates:\n"
                + "  - {certificate: " + alpha[0] + ", private-key: " + alpha[1] + "}\n");
        assertTrue(m.contains("not both"), m);
        m = error("protocols: [TLSv1.3]\n");
        assertTrue(m.contains("listeners.upper.tls.certificate") && m.contains("acme"), m);
        m = error("certificates: []\n");
        assertTrue(m.contains("listeners.upper.tls.certificates"), m);
    }
}
