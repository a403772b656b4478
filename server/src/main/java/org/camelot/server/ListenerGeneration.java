package org.camelot.server;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camelot.protocol.Protocol;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.tls.ListenerCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration of a listener: its settings, protocol instance, door and certificates. A reload puts a new
 * generation in place for new connections while the connections of the old one finish on it; the old protocol is
 * closed once its last connection has closed. Its door ({@link ListenerGuard}: access rules, limits and their one
 * count of open connections) is built once and applied by every kind of listener; a generation whose rules did not
 * change keeps the previous one's.
 */
public final class ListenerGeneration {

    private static final Logger log = LoggerFactory.getLogger(ListenerGeneration.class);

    private final ListenerConfig config;
    private final Protocol protocol;
    private final ListenerGuard guard;
    private final ListenerCertificates certificates;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile boolean stopping;

    ListenerGeneration(ListenerConfig config, Protocol protocol, ListenerGuard guard,
                       ListenerCertificates certificates) {
        this.config = config;
        this.protocol = protocol;
        this.guard = guard;
        this.certificates = certificates;
    }

    /** The listener's configuration. */
    public ListenerConfig config() {
        return config;
    }

    /** The protocol instance of this configuration. */
    public Protocol protocol() {
        return protocol;
    }

    /** The access rules and limits. */
    public ListenerGuard guard() {
        return guard;
    }

    /** The certificates served, read from the TLS files as the generation started; {@code null} for cleartext. */
    ListenerCertificates certificates() {
        return certificates;
    }

    /** Counts a connection served by this generation until it closes. */
    void opened(Channel channel) {
        opened();
        channel.closeFuture().addListener(f -> closed());
    }

    /** Counts a connection served by this generation until {@link #closed()}. */
    void opened() {
        open.incrementAndGet();
    }

    /** A connection counted by {@link #opened()} has closed: the last one of a retired generation closes it. */
    void closed() {
        if (open.decrementAndGet() == 0 && retired) {
            closeProtocol();
        }
    }

    /**
     * The listener is stopping (a shutdown, or a reload removed it): its sockets still carry the connections that
     * drain, and connections that arrive on its datagram side now are refused.
     */
    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    /** No new connection will use this generation; its protocol closes with its last connection. */
    void retire() {
        retired = true;
        if (open.get() == 0) {
            closeProtocol();
        }
    }

    void closeProtocol() {
        if (closed.compareAndSet(false, true)) {
            try {
                protocol.close();
            } catch (RuntimeException e) {
                log.warn("listener {}: error while closing its protocol", config.name(), e);
            }
        }
    }
}
