package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certs/make-dev-certs.sh}, run with the system's openssl: what the certificates it makes say of themselves. */
class DevCertificatesTest {

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;

    @TempDir
    Path dir;

    private String run() throws Exception {
        Process p = new ProcessBuilder("bash", Path.of("..", "certs", "make-dev-certs.sh").toString(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private X509Certificate certificate(String name) throws Exception {
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void theEcServerCertificateIsForSigningOnly() throws Exception {
        run();
        X509Certificate server = certificate("server.pem");
        assertEquals("EC", server.getPublicKey().getAlgorithm());
        boolean[] usage = server.getKeyUsage();
        assertTrue(usage[DIGITAL_SIGNATURE], "digitalSignature");
        assertFalse(usage[KEY_ENCIPHERMENT], "keyEncipherment does not apply to an EC key");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage(), "serverAuth");
        assertFalse(certificate("client.pem").getKeyUsage()[KEY_ENCIPHERMENT]);
    }

    @Test
    void aServerCertificateWithKeyEnciphermentIsMadeAgain() throws Exception {
        run();
        Path server = dir.resolve("server.pem");
        String first = Files.readString(server);
        assertTrue(run().contains("present and valid"), "kept when it is right");
        assertEquals(first, Files.readString(server));
        // What an older version of the script made: the same certificate request with keyEncipherment.
        Path ext = dir.resolve("old.ext");
        Files.writeString(ext, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n");
        Process csr = new ProcessBuilder("openssl", "req", "-new", "-key", "server-key.pem", "-subj", "/CN=localhost",
                "-out", "old.csr").directory(dir.toFile()).redirectErrorStream(true).start();
        assertEquals(0, csr.waitFor());
        Process sign = new ProcessBuilder("openssl", "x509", "-req", "-in", "old.csr", "-CA", "ca.pem", "-CAkey",
                "ca-key.pem", "-CAcreateserial", "-days", "30", "-sha256", "-extfile", "old.ext", "-out", "server.pem")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        assertEquals(0, sign.waitFor(), new String(sign.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(certificate("server.pem").getKeyUsage()[KEY_ENCIPHERMENT]);
        assertTrue(run().contains("created"));
        assertFalse(certificate("server.pem").getKeyUsage()[KEY_ENCIPHERMENT]);
    }
}
