package org.camelot.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * A datagram side that a stream listener's protocol serves next to its TCP socket, such as HTTP/3 over QUIC next to
 * HTTP/1.1 and HTTP/2. The server binds its datagram channels on the listener's address once the TCP socket is bound,
 * keeps them across reloads that leave {@link #port()} and {@link #channels()} unchanged, and closes them only after
 * the connections they carry have drained.
 */
public interface DatagramEndpoint {

    /** The UDP port to bind; 0 for the port the listener's TCP socket is bound to. */
    int port();

    /**
     * How many datagram channels to bind to the port, one per event loop. More than one is honoured only on
     * transports that support {@code SO_REUSEPORT} (epoll, io_uring); elsewhere one channel is bound.
     */
    int channels();

    /** What the endpoint speaks, for the start-up log ({@code HTTP/3}). */
    String description();

    /**
     * Adds the endpoint's handlers to one bound datagram channel, after the listener's access filter.
     *
     * @param channel     the datagram channel
     * @param connections the server's handler for each connection the endpoint accepts (it registers the connection
     *                    for drain and shutdown and applies the listener's connection limits); the endpoint adds it
     *                    first to every connection's pipeline
     * @param current     the endpoint of the listener's current generation: after a reload, new connections should
     *                    get its settings and TLS context, while the channel itself stays bound
     */
    void initChannel(Channel channel, ChannelHandler connections, Supplier<DatagramEndpoint> current);

    /** Told where the datagram channels are bound (at start-up, and again for the new generation on a reload). */
    default void bound(InetSocketAddress address) {
    }
}
