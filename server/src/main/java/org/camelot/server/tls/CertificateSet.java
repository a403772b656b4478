package org.camelot.server.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The certificates one listener serves at one moment, looked up by server name: an exact name first, then a
 * wildcard one label deep ({@code *.example.com} covers {@code www.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}, as RFC 6125 says). Immutable; a change builds a new set.
 */
public final class CertificateSet {

    private final List<ServedCertificate> certificates;
    private final Map<String, ServedCertificate> byName = new HashMap<>();

    /** @param certificates in order of preference, the first being the default; none has a name another has */
    public CertificateSet(List<ServedCertificate> certificates) {
        this.certificates = List.copyOf(certificates);
        for (ServedCertificate c : this.certificates) {
            for (String name : c.names()) {
                byName.putIfAbsent(name, c);
            }
        }
    }

    /** The certificates, the default first. */
    public List<ServedCertificate> all() {
        return certificates;
    }

    /** The certificate for clients that send no server name, or {@code null} when there is none yet. */
    public ServedCertificate fallback() {
        return certificates.isEmpty() ? null : certificates.get(0);
    }

    /** The certificate whose names cover {@code serverName}, or {@code null}. */
    public ServedCertificate find(String serverName) {
        if (serverName == null) {
            return null;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        ServedCertificate exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        return dot > 0 ? byName.get("*" + name.substring(dot)) : null;
    }
}
