package org.camelot.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * A {@code tls:} block: the top-level one, or a listener's, which overrides keys of the top-level one.
 *
 * @param certificate the PEM certificate chain, server certificate first
 * @param privateKey  the PEM private key (PKCS#8) of the certificate
 * @param protocols   the TLS versions offered; only TLSv1.2 and TLSv1.3 are allowed (default both)
 * @param clientAuth  whether client certificates are requested (default none)
 * @param trust       the PEM CA certificates that client certificates must chain to; needed unless client-auth is none
 */
public record TlsSettings(Path certificate, Path privateKey, List<String> protocols, ClientAuthMode clientAuth,
                          Path trust) {

    /** The only TLS versions Camelot speaks. */
    public static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    public TlsSettings {
        if (certificate == null) {
            throw new InvalidSettingException("certificate", null, "a PEM certificate chain file");
        }
        if (privateKey == null) {
            throw new InvalidSettingException("private-key", null, "a PEM private key file");
        }
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
}
