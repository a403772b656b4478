package org.camelot.server.tls;

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

/**
 * The JDK's TLS context for blocking sockets, built from the chain, key and CAs that {@link ListenerCertificates}
 * read for the listener's Netty context: the files are read once, and a listener offers the same certificate
 * whatever its concurrency model.
 */
final class JdkTlsContexts {

    private static final char[] IN_MEMORY = "camelot".toCharArray();

    private JdkTlsContexts() {
    }

    /**
     * @param trust the CA certificates client certificates must chain to, or none
     * @param path  the key path of the certificate's files, for errors
     * @param file  the certificate file, for errors
     */
    static SSLContext build(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trust, String path,
                            String file) {
        try {
            KeyStore keys = KeyStore.getInstance(ServerTlsContexts.IN_MEMORY_KEY_STORE);
            keys.load(null, null);
            keys.setKeyEntry("server", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            TrustManager[] trustManagers = null;
            if (!trust.isEmpty()) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (X509Certificate ca : trust) {
                    cas.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
                trustManagers = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidSettingException(path, file,
                    "a certificate and key that the JDK's TLS accepts (" + e.getMessage() + ")");
        }
    }
}
