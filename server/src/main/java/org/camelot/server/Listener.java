package org.camelot.server;

import java.net.InetSocketAddress;
import org.camelot.protocol.Protocol;
import org.camelot.server.config.ListenerConfig;

/**
 * One configured listener, whatever serves it: event-loop TCP ({@link StreamListener}, with its protocol's datagram
 * side when it has one), UDP ({@link DatagramListener}), or a concurrency model's server ({@link ModelListener}: the
 * blocking models and the processes model). {@link CamelotServer} starts, reloads and stops every listener through
 * these steps alone, without knowing its kind: {@link #bind}, then for a reload {@link #reloadsInPlace} and
 * {@link #reload}; to stop, {@link #stopAccepting}, {@link #drain}, wait for {@link #idle}, {@link #close}.
 */
public interface Listener {

    /**
     * Binds the listener's sockets at {@code address} (the configured one, or the port it holds already) and starts
     * serving.
     *
     * @throws StartupException when it cannot bind; nothing is left bound
     */
    void bind(InetSocketAddress address) throws StartupException;

    /** What new connections get now: configuration, protocol, door. */
    ListenerGeneration generation();

    /** The configuration in force. */
    default ListenerConfig config() {
        return generation().config();
    }

    /** The protocol instance in force. */
    default Protocol protocol() {
        return generation().protocol();
    }

    /** The address actually bound (the real port when the configured one was 0). */
    InetSocketAddress localAddress();

    /** Connections open now (0 where they live in other processes). */
    int openConnections();

    /**
     * Whether {@code next}, at the address this listener holds, can be put in place on the sockets already bound;
     * if not, the server stops this listener and binds a new one.
     */
    boolean reloadsInPlace(ListenerConfig next, Protocol protocol);

    /**
     * Whether a new listener for {@code next} can bind beside this one at the same address before this one stops
     * (both with SO_REUSEPORT), so that the port is never unbound; consulted when {@link #reloadsInPlace} says no.
     */
    default boolean bindsAlongside(ListenerConfig next, Protocol protocol) {
        return false;
    }

    /**
     * Puts {@code next} in place for what arrives from now on; open connections finish on the generation they
     * started with, which closes its protocol once nothing uses it. Only after {@link #reloadsInPlace} said yes.
     */
    void reload(ListenerGeneration next);

    /**
     * Stops taking new connections (or datagrams); what is open carries on. Sockets that carry open connections
     * (HTTP/3's datagram side) stay bound until {@link #close}, unless {@code rebinding}: the same address is to be
     * bound again at once, so everything is released now.
     */
    void stopAccepting(boolean rebinding);

    /** Asks every open connection to finish what it has received, then close; returns at once. */
    void drain();

    /** Whether nothing is in flight any more: no connection open, no worker process running. */
    boolean idle();

    /** Closes whatever is still open, by force, and releases the sockets, threads and processes; waits for that. */
    void close();
}
