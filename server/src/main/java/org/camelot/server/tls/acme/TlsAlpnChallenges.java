package org.camelot.server.tls.acme;

import io.netty.handler.ssl.SslContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tls-alpn-01} challenge certificates being validated (RFC 8737), by name: a TLS listener serves one to a
 * client that asks for that name with ALPN {@code acme-tls/1}, and closes the connection after the handshake.
 * Shared by every listener of the process, since the CA may connect to any of them.
 */
public final class TlsAlpnChallenges {

    /** The ALPN protocol of the challenge. */
    public static final String PROTOCOL = "acme-tls/1";
    private static final Map<String, SslContext> contexts = new ConcurrentHashMap<>();

    private TlsAlpnChallenges() {
    }

    /** The challenge context for {@code name}, or {@code null}. */
    public static SslContext find(String name) {
        return name == null ? null : contexts.get(name.toLowerCase(Locale.ROOT));
    }

    static void publish(String name, SslContext context) {
        contexts.put(name.toLowerCase(Locale.ROOT), context);
    }

    static void withdraw(String name) {
        contexts.remove(name.toLowerCase(Locale.ROOT));
    }
}
