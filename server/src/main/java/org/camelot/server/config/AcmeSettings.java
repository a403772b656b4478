package org.camelot.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * A {@code tls.acme:} block: the certificate for {@code names} is obtained and renewed from an ACME CA.
 *
 * @param directory the CA's ACME directory URL, e.g. {@code https://acme-v02.api.letsencrypt.org/directory}
 * @param caFile    PEM CA certificates that the ACME server's own HTTPS is checked against (a private CA such as
 *                  Pebble); absent: the JDK's trust store
 * @param contact   the account's contact, {@code mailto:} an address (optional)
 * @param names     the DNS names of the certificate, the first one its subject
 * @param storage   where the account key and the certificates are kept (owner-only permissions); several daemons
 *                  may share it
 * @param challenge {@code http-01} (default) or {@code tls-alpn-01}
 */
public record AcmeSettings(String directory, Path caFile, String contact, List<String> names, Path storage,
                           AcmeChallenge challenge) {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public AcmeSettings {
        if (directory == null) {
            throw new InvalidSettingException("directory", null, "the ACME directory URL of the CA (https://...)");
        }
        try {
            URI uri = new URI(directory);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(directory, "not https");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("directory", directory, "an https:// URL of an ACME directory");
        }
        if (contact != null && !contact.startsWith("mailto:")) {
            throw new InvalidSettingException("contact", contact, "a mailto: URI, e.g. mailto:admin@example.com");
        }
        if (names == null || names.isEmpty()) {
            throw new InvalidSettingException("names", names == null ? null : "[]",
                    "the DNS names the certificate is for, e.g. [example.com, www.example.com]");
        }
        List<String> lower = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i) == null ? "" : names.get(i).toLowerCase(Locale.ROOT);
            if (n.length() > 253 || !DNS_NAME.matcher(n).matches()) {
                throw new InvalidSettingException("names[" + i + "]", names.get(i), "a DNS name such as example.com");
            }
            if (lower.contains(n)) {
                throw new InvalidSettingException("names[" + i + "]", names.get(i), "a name not already listed");
            }
            lower.add(n);
        }
        names = List.copyOf(lower);
        if (storage == null) {
            throw new InvalidSettingException("storage", null,
                    "a directory for the ACME account key and certificates, e.g. /var/lib/camelot/acme");
        }
        challenge = Settings.orDefault(challenge, AcmeChallenge.HTTP_01);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith("*.")) {
                throw new InvalidSettingException("names[" + i + "]", names.get(i),
                        "a name without a wildcard: " + challenge + " cannot validate wildcards (they need dns-01)");
            }
        }
    }
}
