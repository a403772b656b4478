package org.camelot.server.config;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.camelot.protocol.ProtocolProvider;

/**
 * One validated listener.
 *
 * @param name        the key under {@code listeners:}
 * @param provider    the protocol it runs
 * @param settings    the protocol's bound settings
 * @param address     where it binds: the wildcard address when no host is set (IPv6 dual-stack where possible)
 * @param tls         the TLS settings, or {@code null} for cleartext
 * @param sslContext  the server context built from {@code tls}, or {@code null}
 * @param wiretap     whether every byte in and out is logged as a hex dump
 * @param idleTimeout a connection with nothing read or written for this long is closed
 * @param concurrency how connections are served (event loops by default)
 * @param work        handler work simulated for every request
 */
public record ListenerConfig(String name, ProtocolProvider<?> provider, Object settings, InetSocketAddress address,
                             TlsSettings tls, SslContext sslContext, boolean wiretap, Duration idleTimeout,
                             ConcurrencySettings concurrency, WorkSettings work) {

    /** The same listener under other concurrency settings and on another port (for a process of the processes model). */
    public ListenerConfig with(ConcurrencySettings otherConcurrency, int port) {
        return new ListenerConfig(name, provider, settings, new InetSocketAddress(address.getAddress(), port), tls,
                sslContext, wiretap, idleTimeout, otherConcurrency, work);
    }

    public boolean isTls() {
        return sslContext != null;
    }
}
