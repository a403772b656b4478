package org.camelot.server.config;

/** Whether a TLS listener asks clients for a certificate. */
public enum ClientAuthMode {
    /** No client certificate is requested. */
    NONE,
    /** A client certificate is requested and, when sent, must chain to the trusted CA. */
    OPTIONAL,
    /** A client certificate that chains to the trusted CA is required. */
    REQUIRE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
