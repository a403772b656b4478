package org.camelot.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the ACME server checks that the daemon controls a name (RFC 8555 section 8, RFC 8737). */
public enum AcmeChallenge {
    /** A file at {@code /.well-known/acme-challenge/TOKEN}, served by every cleartext HTTP listener (port 80). */
    @JsonProperty("http-01")
    HTTP_01,
    /** A special certificate for ALPN {@code acme-tls/1}, served by the TLS listener itself (port 443). */
    @JsonProperty("tls-alpn-01")
    TLS_ALPN_01;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
