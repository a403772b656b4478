package org.camelot.server.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.server.tls.ListenerCertificates;

/**
 * One validated listener.
 *
 * @param name        the key under {@code listeners:}
 * @param provider    the protocol it runs
 * @param settings    the protocol's bound settings
 * @param address     where it binds: the wildcard address when no host is set (IPv6 dual-stack where possible)
 * @param tls         the TLS settings, or {@code null} for cleartext
 * @param certificates the certificates served, read and checked from {@code tls}, or {@code null}
 * @param wiretap     whether every byte in and out is logged as a hex dump
 * @param idleTimeout a connection with nothing read or written for this long is closed
 * @param door        access rules, connection limits and the PROXY protocol
 * @param concurrency how connections are served (event loops by default)
 * @param work        handler work simulated for every request
 */
public record ListenerConfig(String name, ProtocolProvider<?> provider, Object settings, InetSocketAddress address,
                             TlsSettings tls, ListenerCertificates certificates, boolean wiretap, Duration idleTimeout,
                             Door door, ConcurrencySettings concurrency, WorkSettings work) {

    /**
     * The listener as one process of the processes model runs it: under {@code otherConcurrency}, on {@code port},
     * bound with SO_REUSEPORT so that the other processes share the port.
     */
    public ListenerConfig asProcess(ConcurrencySettings otherConcurrency, int port) {
        Door shared = new Door(door.allow(), door.deny(), door.maxConnections(), door.maxConnectionsPerClient(),
                door.proxyProtocol(), true);
        return new ListenerConfig(name, provider, settings, new InetSocketAddress(address.getAddress(), port), tls,
                certificates, wiretap, idleTimeout, shared, otherConcurrency, work);
    }

    /**
     * What a listener lets in.
     *
     * @param allow                   addresses and CIDR ranges let in; once not empty, everything else is refused
     * @param deny                    addresses and CIDR ranges refused
     * @param maxConnections          open connections at most, 0 for no limit
     * @param maxConnectionsPerClient open connections from one client address at most, 0 for no limit
     * @param proxyProtocol           whether every connection starts with a PROXY protocol v1 or v2 header
     * @param reusePort               whether the port is bound with SO_REUSEPORT, so that several daemons share it
     */
    public record Door(List<String> allow, List<String> deny, int maxConnections, int maxConnectionsPerClient,
                       boolean proxyProtocol, boolean reusePort) {
    }

    public boolean isTls() {
        return certificates != null;
    }
}
