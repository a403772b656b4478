package org.camelot.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * A {@code tls:} block: the top-level one, or a listener's, which overrides keys of the top-level one.
 *
 * @param certificate   the PEM certificate chain, server certificate first (the single-certificate form)
 * @param privateKey    the PEM private key (PKCS#8) of the certificate
 * @param certificates  several certificates, chosen by the client's server name (SNI); the first is the default
 * @param sni           {@code default} (unknown names get the first certificate) or {@code strict} (they get an
 *                      {@code unrecognized_name} alert)
 * @param watch         whether the certificate and key files are watched and reloaded when they change (default true)
 * @param expiryWarning how long before a certificate expires a warning is logged (default 14 days)
 * @param acme          a certificate obtained and renewed by ACME, or {@code null}
 * @param protocols     the TLS versions offered; only TLSv1.2 and TLSv1.3 are allowed (default both)
 * @param clientAuth    whether client certificates are requested (default none)
 * @param trust         the PEM CA certificates that client certificates must chain to; needed unless client-auth is none
 */
public record TlsSettings(Path certificate, Path privateKey, List<CertificateFiles> certificates, SniMode sni,
                          Boolean watch, Duration expiryWarning, AcmeSettings acme, List<String> protocols,
                          ClientAuthMode clientAuth, Path trust) {

    /** The only TLS versions Camelot speaks. */
    public static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public TlsSettings {
        if (certificates != null && (certificate != null || privateKey != null)) {
            throw new InvalidSettingException(certificate != null ? "certificate" : "private-key",
                    String.valueOf(certificate != null ? certificate : privateKey),
                    "either certificate and private-key, or a certificates: list, not both");
        }
        if (certificates == null) {
            if (certificate == null && (privateKey != null || acme == null)) {
                throw new InvalidSettingException("certificate", null,
                        "a PEM certificate chain file (or a certificates: list, or an acme: block)");
            }
            if (certificate != null && privateKey == null) {
                throw new InvalidSettingException("private-key", null, "a PEM private key file");
            }
            certificates = certificate == null ? List.of() : List.of(new CertificateFiles(certificate, privateKey));
        } else {
            if (certificates.isEmpty() && acme == null) {
                throw new InvalidSettingException("certificates", "[]",
                        "at least one {certificate, private-key} pair (or an acme: block)");
            }
            for (int i = 0; i < certificates.size(); i++) {
                if (certificates.get(i) == null) {
                    throw new InvalidSettingException("certificates[" + i + "]", null,
                            "a block with certificate and private-key");
                }
            }
            certificates = List.copyOf(certificates);
        }
        sni = Settings.orDefault(sni, SniMode.DEFAULT);
        watch = Settings.orDefault(watch, true);
        expiryWarning = Settings.notNegative("expiry-warning", Settings.orDefault(expiryWarning, Duration.ofDays(14)));
        protocols = List.copyOf(Settings.orDefault(protocols, List.of("TLSv1.3", "TLSv1.2")));
        if (protocols.isEmpty()) {
            throw new InvalidSettingException("protocols", "[]", "one or both of TLSv1.3, TLSv1.2");
        }
        for (int i = 0; i < protocols.size(); i++) {
            if (!ALLOWED_PROTOCOLS.contains(protocols.get(i))) {
                throw new InvalidSettingException("protocols[" + i + "]", protocols.get(i), "TLSv1.3 or TLSv1.2");
            }
        }
        clientAuth = Settings.orDefault(clientAuth, ClientAuthMode.NONE);
        if (clientAuth != ClientAuthMode.NONE && trust == null) {
            throw new InvalidSettingException("trust", null,
                    "a PEM CA file for client certificates, since client-auth is " + clientAuth.name().toLowerCase());
        }
    }

    /** The key path of the {@code index}th certificate's files, for errors: {@code certificates[i]} or the block. */
    public String filesKey(String block, int index) {
        return certificate != null ? block : block + ".certificates[" + index + "]";
    }
}
