package org.camelot.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several certificates on one listener, chosen by the client's server name. */
class SniCertificatesTest {

    @TempDir
    Path dir;
    private TestCertificates pki;
    private Path[] alpha;
    private Path[] beta;

    @BeforeEach
    void certificates() throws Exception {
        pki = new TestCertificates();
        alpha = TestCertificates.write(dir, "alpha", pki.issue("alpha.test", "www.alpha.test"));
        beta = TestCertificates.write(dir, "beta", pki.issue("*.beta.test"));
    }

    private String yaml(String sni) {
        return """
                listeners:
                  upper:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    tls:
                      sni: %s
                      certificates:
                        - {certificate: %s, private-key: %s}
                        - {certificate: %s, private-key: %s}
                """.formatted(sni, alpha[0], alpha[1], beta[0], beta[1]);
    }

    @Test
    void picksTheCertificateForEachNameAndTheFirstByDefault() throws Exception {
        try (RunningServer s = RunningServer.start(dir, yaml("default"))) {
            var address = s.loopback("upper");
            assertEquals("CN=alpha.test", pki.presented(address, "alpha.test"));
            assertEquals("CN=alpha.test", pki.presented(address, "WWW.Alpha.Test"));
            assertEquals("CN=*.beta.test", pki.presented(address, "www.beta.test"));
            assertEquals("CN=*.beta.test", pki.presented(address, "api.beta.test"));
            assertEquals("CN=alpha.test", pki.presented(address, null), "no SNI gets the first certificate");
            assertEquals("CN=alpha.test", pki.presented(address, "unknown.test"));
            assertEquals("CN=alpha.test", pki.presented(address, "a.b.beta.test"), "a wildcard covers one label");
            assertTrue(s.server().scrape().contains("camelot_tls_certificate_expiry_seconds{listener=\"upper\","
                    + "subject=\"CN=*.beta.test\"}"), s.server().scrape());
        }
    }

    @Test
    void strictRefusesUnknownNamesWithAnAlert() throws Exception {
        try (RunningServer s = RunningServer.start(dir, yaml("strict"))) {
            var address = s.loopback("upper");
            assertEquals("CN=*.beta.test", pki.presented(address, "www.beta.test"));
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> pki.presented(address, "unknown.test"));
            assertTrue(e.getMessage().contains("unrecognized_name"), e.getMessage());
            assertEquals("CN=alpha.test", pki.presented(address, null), "no SNI still gets the first certificate");
            assertEquals("CN=alpha.test", pki.presented(address, "alpha.test"), "the listener still serves");
        }
    }
}
