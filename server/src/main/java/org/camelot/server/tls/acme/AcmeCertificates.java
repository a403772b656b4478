package org.camelot.server.tls.acme;

import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.server.config.AcmeSettings;
import org.camelot.server.config.CertificateFiles;
import org.camelot.server.config.TlsSettings;
import org.camelot.server.tls.CertificateLoader;
import org.camelot.server.tls.PemFiles;
import org.camelot.server.tls.ServedCertificate;
import org.camelot.server.tls.ServerTlsContexts;

/** The ACME certificate a listener starts with: the one in storage when it is good, else a temporary one. */
public final class AcmeCertificates {

    private AcmeCertificates() {
    }

    /**
     * Checks the {@code acme:} block's files and returns the certificate to start with.
     *
     * @param path the key path of the TLS block
     */
    public static ServedCertificate initial(TlsSettings tls, String path, List<String> alpn,
                                            List<X509Certificate> trust) {
        AcmeSettings acme = tls.acme();
        if (acme.caFile() != null) {
            PemFiles.certificates(acme.caFile(), path + ".acme.ca-file");
        }
        if (Files.exists(acme.storage()) && !Files.isDirectory(acme.storage())) {
            throw new InvalidSettingException(path + ".acme.storage", acme.storage().toString(),
                    "a directory (or a path where one can be created)");
        }
        ServedCertificate stored = stored(new AcmeStorage(acme), tls, path, alpn, trust);
        return stored != null ? stored : temporary(tls, path, alpn, trust);
    }

    /** The stored certificate when it exists, is valid and covers every name; else {@code null}. */
    static ServedCertificate stored(AcmeStorage storage, TlsSettings tls, String path, List<String> alpn,
                                    List<X509Certificate> trust) {
        if (!storage.hasCertificate()) {
            return null;
        }
        try {
            ServedCertificate c = CertificateLoader.load(new CertificateFiles(storage.certificate(),
                    storage.privateKey()), tls, path + ".acme", alpn, trust);
            return c.names().containsAll(tls.acme().names()) ? c : null;
        } catch (InvalidSettingException e) {
            return null; // expired or damaged: ACME orders a new one
        }
    }

    static ServedCertificate temporary(TlsSettings tls, String path, List<String> alpn, List<X509Certificate> trust) {
        TemporaryCertificate.Issued t = TemporaryCertificate.create(tls.acme().names());
        List<X509Certificate> chain = List.of(t.certificate());
        return new ServedCertificate("temporary self-signed", chain, t.key().getPrivate(),
                ServerTlsContexts.build(tls, chain, t.key().getPrivate(), path + ".acme", alpn, trust), true);
    }
}
