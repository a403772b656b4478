package org.camelot.client.http;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client's TLS context. Verification is split in two so that each failure can be told apart: first the
 * chain, against the trusted CAs, then the host name; each failure is a {@link CertificateException} whose
 * message is the one line shown to the user.
 */
final class ClientTls {

    static final String VERIFY_FAILED = "certificate verify failed: ";
    static final String HOST_MISMATCH = "host name mismatch: ";

    private ClientTls() {
    }

    /**
     * @param cacert   PEM CA certificates to trust, or {@code null} for the system's
     * @param insecure accept any certificate and any host name
     */
    static SSLContext context(Path cacert, boolean insecure) throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {insecure ? new TrustAll() : new Verifying(defaultManager(cacert))},
                null);
        return context;
    }

    /**
     * The same verification as {@link #context}, for a Netty connection that offers {@code h2} then
     * {@code http/1.1} by ALPN, with TLS 1.3 and 1.2 only and the cipher suites HTTP/2 allows.
     */
    static SslContext alpnContext(Path cacert, boolean insecure) throws GeneralSecurityException, IOException {
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
        return new JdkSslContext(context(cacert, insecure), true, Http2SecurityUtil.CIPHERS,
                SupportedCipherSuiteFilter.INSTANCE, alpn, ClientAuth.NONE, new String[] {"TLSv1.3", "TLSv1.2"},
                false);
    }

    /** The trust manager of {@link #context}: the same checks for a QUIC connection's TLS (HTTP/3). */
    static TrustManager trustManager(Path cacert, boolean insecure) throws GeneralSecurityException, IOException {
        return insecure ? new TrustAll() : new Verifying(defaultManager(cacert));
    }

    private static X509ExtendedTrustManager defaultManager(Path cacert) throws GeneralSecurityException, IOException {
        KeyStore store = null;
        if (cacert != null) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(cacert)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new CertificateException(cacert + ": no PEM certificate in it");
            }
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /** Says why a chain the trusted CAs do not vouch for is refused, in OpenSSL's words. */
    static String chainProblem(X509Certificate[] chain) {
        for (X509Certificate c : chain) {
            try {
                c.checkValidity();
            } catch (CertificateExpiredException e) {
                return "certificate has expired";
            } catch (CertificateNotYetValidException e) {
                return "certificate is not yet valid";
            }
        }
        if (chain.length == 1 && selfIssued(chain[0])) {
            return "self-signed certificate";
        }
        if (chain.length > 1 && selfIssued(chain[chain.length - 1])) {
            return "self-signed certificate in certificate chain";
        }
        return "unable to get local issuer certificate";
    }

    private static boolean selfIssued(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Checks the chain, then the host name, each with its own message. */
    private static final class Verifying extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;

        Verifying(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                        ? s.getHandshakeSession().getPeerHost() : "?";
                throw new CertificateException(HOST_MISMATCH + "certificate is not valid for '" + host + "'", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkChain(chain, authType);
            try {
                delegate.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw new CertificateException(HOST_MISMATCH + "certificate is not valid for '"
                        + engine.getPeerHost() + "'", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkChain(chain, authType);
        }

        private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new CertificateException(VERIFY_FAILED + chainProblem(chain), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** {@code --insecure}: every certificate and host name is accepted. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
