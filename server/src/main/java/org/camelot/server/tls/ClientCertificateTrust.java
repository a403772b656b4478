package org.camelot.server.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks client certificates against the CAs of a {@code trust} file with the JDK's PKIX validation, and tells
 * BoringSSL why a certificate was refused, so that the client gets the TLS alert that says so: {@code unknown_ca}
 * when no path leads to a trusted CA, {@code bad_certificate} for another defect. Without this, BoringSSL sees an
 * unspecified verification error and sends {@code internal_error}, which reads as a server fault. Expiry and
 * revocation keep their own alerts ({@code certificate_expired}, {@code certificate_revoked}), which Netty already
 * derives from the JDK's exception.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

    /** Certificates of a refused chain looked at to tell an unknown CA from a bad certificate. */
    private static final int MAX_CHAIN_CHECKED = 8;

    private final X509ExtendedTrustManager pkix;

    private ClientCertificateTrust(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /** A trust manager for BoringSSL that trusts {@code cas}. */
    static ClientCertificateTrust of(List<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return new ClientCertificateTrust(x);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw translated(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw translated(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw translated(chain, e);
        }
    }

    /**
     * The verification error BoringSSL turns into the right alert: unknown CA when no certificate of the chain is,
     * or is issued by, one of the trusted CAs; expiry and revocation left as they are; anything else a rejected
     * certificate.
     */
    CertificateException translated(X509Certificate[] chain, CertificateException e) {
        if (e instanceof java.security.cert.CertificateExpiredException
                || e instanceof java.security.cert.CertificateNotYetValidException
                || e instanceof java.security.cert.CertificateRevokedException) {
            return e;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException v) {
                CertPathValidatorException.Reason reason = v.getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED
                        || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID
                        || reason == CertPathValidatorException.BasicReason.REVOKED) {
                    return e;
                }
            }
        }
        return refusal(e, knowsIssuer(chain) ? CertificateVerifier.X509_V_ERR_CERT_REJECTED
                : CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    }

    /** Whether a trusted CA signed a certificate of the chain (names alone prove nothing: two CAs may share one). */
    private boolean knowsIssuer(X509Certificate[] chain) {
        if (chain == null) {
            return false;
        }
        X509Certificate[] cas = pkix.getAcceptedIssuers();
        for (int i = 0; i < Math.min(chain.length, MAX_CHAIN_CHECKED); i++) {
            for (X509Certificate ca : cas) {
                if (!chain[i].getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                    continue;
                }
                try {
                    chain[i].verify(ca.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // signed by another CA of the same name
                }
            }
        }
        return false;
    }

    private static CertificateException refusal(CertificateException e, int code) {
        return new OpenSslCertificateException(e.getMessage(), e, code);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
