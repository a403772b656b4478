package org.camelot.server.concurrency;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.server.config.TlsSettings;
import org.camelot.server.tls.PemFiles;

/**
 * The JDK's TLS context for blocking sockets, built from the same PEM files as the listener's Netty context, so a
 * listener offers the same certificate whatever its concurrency model.
 */
final class JdkTlsContexts {

    private static final char[] IN_MEMORY = "camelot".toCharArray();

    private JdkTlsContexts() {
    }

    /**
     * Serves the block's first certificate file (the blocking models do not choose by server name).
     *
     * @param path the key path of the TLS block, for errors
     */
    static SSLContext build(TlsSettings tls, String path) {
        var files = tls.certificates().get(0);
        List<X509Certificate> chain = PemFiles.certificates(files.certificate(), tls.filesKey(path, 0) + ".certificate");
        PrivateKey key = PemFiles.privateKey(files.privateKey(), tls.filesKey(path, 0) + ".private-key");
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            TrustManager[] trust = null;
            if (tls.trust() != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(tls.trust(), path + ".trust")) {
                    cas.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidSettingException(path, tls.certificate().toString(),
                    "a certificate and key that the JDK's TLS accepts (" + e.getMessage() + ")");
        }
    }
}
