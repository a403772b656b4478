package org.camelot.client.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks a server's certificate chain against the trusted CAs, then its host name, so that each failure can be told
 * apart: each is a {@link CertificateException} whose message, starting with {@link ClientTls#VERIFY_FAILED} or
 * {@link ClientTls#HOST_MISMATCH}, is the one line shown to the user.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final String host;
    private final Consumer<CertificateException> refusals;

    /**
     * @param delegate the trusted CAs' manager
     * @param host     the host asked for, named in a mismatch (a QUIC engine does not know it), or {@code null}
     * @param refusals hears every refusal (a QUIC handshake reports only that there was one), or {@code null}
     */
    VerifyingTrustManager(X509ExtendedTrustManager delegate, String host, Consumer<CertificateException> refusals) {
        this.delegate = delegate;
        this.host = host;
        this.refusals = refusals;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkChain(chain, authType);
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw mismatch(socket instanceof SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : null, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkChain(chain, authType);
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw mismatch(engine.getPeerHost(), e);
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
            throw refused(new CertificateException(ClientTls.VERIFY_FAILED + chainProblem(chain), e));
        }
    }

    private CertificateException mismatch(String peerHost, CertificateException cause) {
        String name = host != null ? host : peerHost != null ? peerHost : "?";
        return refused(new CertificateException(ClientTls.HOST_MISMATCH + "certificate is not valid for '" + name
                + "'", cause));
    }

    private CertificateException refused(CertificateException e) {
        if (refusals != null) {
            refusals.accept(e);
        }
        return e;
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
}
