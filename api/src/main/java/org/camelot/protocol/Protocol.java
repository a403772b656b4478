package org.camelot.protocol;

import io.netty.channel.Channel;

/**
 * One listener's instance of a protocol: it adds the protocol's handlers to each new channel.
 *
 * <p>For a stream listener, {@link #initChannel} is called for every accepted connection, after the listener's own
 * handlers (TLS, wiretap, idle timeout) are in place, so the same handlers serve cleartext and TLS. For a datagram
 * listener it is called for each bound datagram channel.
 */
public interface Protocol extends AutoCloseable {

    /** Adds this protocol's handlers to the end of the channel's pipeline. Runs on the channel's event loop. */
    void initChannel(Channel channel);

    /**
     * How many datagram channels to bind to the listener's port. More than one is honoured only on transports that
     * support {@code SO_REUSEPORT} (epoll, io_uring); elsewhere one channel is bound.
     */
    default int datagramChannels() {
        return 1;
    }

    /**
     * A datagram side that this stream listener also serves on UDP (HTTP/3 next to HTTP/1.1 and HTTP/2), or
     * {@code null} (the default) for none.
     *
     * @throws IllegalStateException when the endpoint is required but cannot run here (a native library that does
     *                               not load); start-up then fails with the message
     */
    default DatagramEndpoint datagramEndpoint() {
        return null;
    }

    /**
     * Whether the listener keeps accepting while the others drain during a graceful shutdown, so that health checks
     * can see the daemon draining (the admin listener's {@code /healthz} answers 503 then). It closes last.
     */
    default boolean servesDuringDrain() {
        return false;
    }

    /** Releases what {@link ProtocolProvider#create} acquired. Called once, after the listener's channels closed. */
    @Override
    default void close() {
    }
}
