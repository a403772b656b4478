package org.camelot.server.config;

import java.nio.file.Path;
import org.camelot.protocol.InvalidSettingException;

/**
 * One certificate a TLS listener serves, as files: an entry of {@code tls.certificates}, or the single
 * {@code certificate}/{@code private-key} form.
 *
 * @param certificate the PEM certificate chain, server certificate first
 * @param privateKey  the PEM private key (unencrypted PKCS#8) of that certificate
 */
public record CertificateFiles(Path certificate, Path privateKey) {

    public CertificateFiles {
        if (certificate == null) {
            throw new InvalidSettingException("certificate", null, "a PEM certificate chain file");
        }
        if (privateKey == null) {
            throw new InvalidSettingException("private-key", null, "a PEM private key file");
        }
    }
}
