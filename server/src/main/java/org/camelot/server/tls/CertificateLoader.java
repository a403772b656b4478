package org.camelot.server.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.server.config.CertificateFiles;
import org.camelot.server.config.TlsSettings;

/**
 * Reads a certificate and its key from PEM files and checks them before they are served: the key belongs to the
 * certificate and the certificate has not expired. Blocking (file reads): never called on an event loop.
 */
public final class CertificateLoader {

    private CertificateLoader() {
    }

    /**
     * @param key the key path of the pair in the configuration, for errors ({@code tls} or {@code tls.certificates[1]})
     * @param trust the listener's CA certificates for client certificates, or none
     * @throws InvalidSettingException naming the file and what is wrong with it
     */
    public static ServedCertificate load(CertificateFiles files, TlsSettings tls, String key, List<String> alpn,
                                         List<X509Certificate> trust) {
        List<X509Certificate> chain = PemFiles.certificates(files.certificate(), key + ".certificate");
        PrivateKey privateKey = PemFiles.privateKey(files.privateKey(), key + ".private-key");
        return check(files.certificate().toString(), files.privateKey().toString(), chain, privateKey, tls, key,
                alpn, trust);
    }

    /**
     * Checks a chain and key from any source (files, ACME storage) and builds its context.
     *
     * @param origin    where the chain came from (its file)
     * @param keyOrigin where the key came from (its file)
     * @param alpn      the listener's application protocols, most preferred first, or none
     * @param trust     the listener's CA certificates for client certificates, or none
     */
    public static ServedCertificate check(String origin, String keyOrigin, List<X509Certificate> chain,
                                          PrivateKey privateKey, TlsSettings tls, String key, List<String> alpn,
                                          List<X509Certificate> trust) {
        X509Certificate leaf = chain.get(0);
        if (!KeyMatch.matches(privateKey, leaf)) {
            throw new InvalidSettingException(key + ".private-key", keyOrigin,
                    "the private key of the certificate " + leaf.getSubjectX500Principal().getName()
                            + " in " + origin + "; this key belongs to another certificate");
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (!notAfter.isAfter(Instant.now())) {
            throw new InvalidSettingException(key + ".certificate", origin, "a certificate that has not expired; "
                    + leaf.getSubjectX500Principal().getName() + " expired on " + notAfter);
        }
        return new ServedCertificate(origin, chain, privateKey,
                ServerTlsContexts.build(tls, chain, privateKey, key, alpn, trust), false);
    }
}
