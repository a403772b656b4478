package org.camelot.server.concurrency;

import java.net.InetSocketAddress;
import org.camelot.protocol.Protocol;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;

/**
 * A listener served under a concurrency model other than Netty event loops. The daemon shuts every listener down in
 * the same steps: stop accepting, drain (finish what was accepted), wait until idle or the drain timeout, close.
 */
public interface ModelServer {

    /** The address actually bound (the real port when the configured one was 0). */
    InetSocketAddress localAddress();

    /** Connections open now (0 where the connections live in other processes). */
    int openConnections();

    /**
     * Whether {@code next} (a configuration of the same listener at the same address) can be put in place without
     * binding again.
     */
    boolean reloadsInPlace(ListenerConfig next);

    /**
     * Puts {@code next} in place for the connections accepted from now on; open ones finish as they started. Only
     * after {@link #reloadsInPlace} said yes.
     *
     * @param protocol the listener's new protocol instance
     * @param door     the listener's access rules and limits for new connections
     */
    void reload(ListenerConfig next, Protocol protocol, ListenerGuard door);

    /** Stops accepting new connections; the ones open carry on. */
    void stopAccepting();

    /** Asks every open connection to finish the requests it has received, then close; returns at once. */
    void drain();

    /** Whether nothing is in flight any more: no connection open, no worker process running. */
    boolean idle();

    /** Closes whatever is still open, by force, and releases the threads and processes. */
    void close();
}
