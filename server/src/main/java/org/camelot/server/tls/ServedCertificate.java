package org.camelot.server.tls;

import io.netty.handler.ssl.SslContext;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate chain and its key, ready to serve: the TLS context built from them and the names the leaf covers.
 *
 * @param origin    where it came from, for the log: the certificate file, or "ACME", or "temporary self-signed"
 * @param chain     the chain, leaf first
 * @param key       the leaf's private key
 * @param context   the server TLS context for this certificate
 * @param temporary whether it is a self-signed stand-in until ACME issues the real one
 */
public record ServedCertificate(String origin, List<X509Certificate> chain, PrivateKey key, SslContext context,
                                boolean temporary) {

    public ServedCertificate {
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    /** The subject, as RFC 2253 ({@code CN=example.com}). */
    public String subject() {
        return leaf().getSubjectX500Principal().getName();
    }

    /**
     * The names the leaf covers, lower case: its DNS and IP subject alternative names, or, when it has none, the
     * common name of its subject (as clients did before SAN was required).
     */
    public List<String> names() {
        return names(leaf());
    }

    static List<String> names(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        String name = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                        if (!out.contains(name)) {
                            out.add(name);
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SAN: fall back to the common name below
        }
        if (out.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        out.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // no name at all: the certificate is served only as the default
            }
        }
        return out;
    }
}
