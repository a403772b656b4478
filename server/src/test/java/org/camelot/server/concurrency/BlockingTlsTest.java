package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.testing.CamelotExtension;
import org.camelot.server.tls.PemFiles;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS listeners under every model: the same certificate from the same PEM files, and client authentication. */
class BlockingTlsTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private String yaml(String concurrency, String clientAuth, TestPki pki) {
        return """
                shutdown-timeout: 2s
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    concurrency: %s
                %s      client-auth: %s
                """.formatted(concurrency, pki.tlsYaml(4), clientAuth);
    }

    @ParameterizedTest
    @EnumSource(ConcurrencyModel.class)
    void answersOverTlsWithTheConfiguredCertificate(ConcurrencyModel model) throws Exception {
        TestPki pki = daemon.pki();
        String concurrency = model == ConcurrencyModel.PROCESSES
                ? "{model: processes, processes: 2, process-model: thread-pool, threads: 2}" : model.toString();
        try (RunningServer server = daemon.start(yaml(concurrency, "none", pki));
             SSLSocket socket = connect(server.loopback("lab"), context(pki, false));
             LineClient c = new LineClient(socket)) {
            c.send("over tls\n");
            assertEquals("OVER TLS\n", c.readLine());
            X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertArrayEquals(pki.server().getCertificate().getEncoded(), seen.getEncoded());
        }
    }

    @Test
    void requiresAClientCertificateWhenConfigured() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer server = daemon.start(yaml("virtual-threads", "require", pki))) {
            assertThrows(IOException.class, () -> {
                try (SSLSocket s = connect(server.loopback("lab"), context(pki, false));
                     LineClient c = new LineClient(s)) {
                    c.send("anonymous\n");
                    if (c.readLine() == null) {
                        throw new IOException("closed");
                    }
                }
            });
            try (SSLSocket s = connect(server.loopback("lab"), context(pki, true)); LineClient c = new LineClient(s)) {
                c.send("known\n");
                assertEquals("KNOWN\n", c.readLine());
            }
        }
    }

    @Test
    void theLoadGeneratorVerifiesTheServerAndCountsEveryAnswer() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer server = daemon.start(yaml("virtual-threads", "none", pki))) {
            java.io.StringWriter out = new java.io.StringWriter();
            int code = org.camelot.client.Main.commandLine().setOut(new java.io.PrintWriter(out)).execute("bench",
                    "upper", "127.0.0.1", String.valueOf(server.port("lab")), "--tls", "--cacert",
                    pki.caPem().toString(), "-c", "8", "-n", "400", "--progress", "never");
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("ok                        400"), out.toString());
            assertTrue(out.toString().contains("errors by kind: none"), out.toString());
        }
    }

    @Test
    void aCleartextClientOnATlsListenerCostsOnlyItsConnection() throws Exception {
        TestPki pki = daemon.pki();
        try (RunningServer server = daemon.start(yaml("sequential", "none", pki))) {
            try (LineClient plain = LineClient.connect(server.loopback("lab"), 5000)) {
                plain.send("not tls\n");
                assertTrue(plain.closedByServer());
            }
            try (SSLSocket s = connect(server.loopback("lab"), context(pki, false)); LineClient c = new LineClient(s)) {
                c.send("next\n");
                assertEquals("NEXT\n", c.readLine());
            }
        }
    }

    private static SSLSocket connect(InetSocketAddress address, SSLContext context) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    static SSLContext context(TestPki pki, boolean withClientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().getCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withClientCertificate) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = PemFiles.certificates(pki.clientCert(), "client");
            keys.setKeyEntry("client", PemFiles.privateKey(pki.clientKey(), "client"), new char[0],
                    chain.toArray(X509Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
