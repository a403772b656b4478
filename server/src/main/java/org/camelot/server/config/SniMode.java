package org.camelot.server.config;

/** What a TLS listener with several certificates does with a client whose server name none of them covers. */
public enum SniMode {
    /** Serves the first certificate, as it does to clients that send no server name. */
    DEFAULT,
    /** Ends the handshake with an {@code unrecognized_name} alert (clients without a server name get the first). */
    STRICT;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
