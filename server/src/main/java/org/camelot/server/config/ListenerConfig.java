package org.camelot.server.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.camelot.protocol.ProtocolProvider;

/**
 * One validated listener: plain values only. Its certificates are read from the files that {@code tls} names when
 * the listener starts (and by {@code --check}), not here.
 *
 * @param name        the key under {@code listeners:}
 * @param provider    the protocol it runs
 * @param settings    the protocol's bound settings
 * @param address     where it binds: the wildcard address when no host is set (IPv6 dual-stack where possible)
 * @param tls         the TLS settings, or {@code null} for cleartext
 * @param tlsPath     the key path of the TLS block, {@code tls} or {@code listeners.NAME.tls}, for the errors about
 *                    its files, or {@code null} for cleartext
 * @param common      the keys every listener has (wiretap, idle timeout, access rules and limits, ...)
 * @param concurrency how connections are served (event loops by default)
 * @param work        handler work simulated for every request
 */
public record ListenerConfig(String name, ProtocolProvider<?> provider, Object settings, InetSocketAddress address,
                             TlsSettings tls, String tlsPath, ListenerCommon common, ConcurrencySettings concurrency,
                             WorkSettings work) {

    /**
     * The listener as one process of the processes model runs it: under {@code otherConcurrency}, on {@code port},
     * bound with SO_REUSEPORT so that the other processes share the port.
     */
    public ListenerConfig asProcess(ConcurrencySettings otherConcurrency, int port) {
        return new ListenerConfig(name, provider, settings, new InetSocketAddress(address.getAddress(), port), tls,
                tlsPath, common.withReusePort(), otherConcurrency, work);
    }

    /** Whether every byte in and out is logged as a hex dump. */
    public boolean wiretap() {
        return common.wiretap();
    }

    /** A connection with nothing read or written for this long is closed. */
    public Duration idleTimeout() {
        return common.idleTimeout();
    }

    /** Access rules, connection limits and the PROXY protocol. */
    public Door door() {
        return common.door();
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
        return tls != null;
    }
}
