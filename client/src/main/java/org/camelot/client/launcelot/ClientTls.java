package org.camelot.client.launcelot;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS for the command-line clients: the JDK's trusted CAs or those of a PEM file, and host name checking. */
final class ClientTls {

    private ClientTls() {
    }

    /**
     * Wraps a connected socket in TLS for {@code host} (sent as SNI and checked against the certificate).
     *
     * @param caFile PEM CA certificates to trust, or {@code null} for the JDK's
     */
    static SSLSocket wrap(Socket socket, String host, int port, Path caFile) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, caFile == null ? null : trust(caFile).getTrustManagers(), null);
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trust(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(caFile + ": not a PEM certificate file: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(caFile + ": no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certs) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }
}
