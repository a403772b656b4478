package org.camelot.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.camelot.protocol.Protocol;
import org.camelot.server.concurrency.ModelServer;
import org.camelot.server.config.ListenerConfig;

/**
 * A bound listener: its server (or datagram) channels and its current generation (configuration, protocol, door),
 * which a reload may replace for new connections.
 *
 * @param generation  the current generation
 * @param channels    the bound channels: one server channel, or one or more datagram channels on the same port; none
 *                    when the listener runs under another concurrency model than event-loop
 * @param datagrams   the datagram channels of its protocol's datagram side (HTTP/3), bound next to the TCP socket;
 *                    closed only once the connections they carry have drained
 * @param modelServer the server of its concurrency model when that is not event-loop, else {@code null}
 */
public record RunningListener(AtomicReference<ListenerGeneration> generation, List<Channel> channels,
                              List<Channel> datagrams, ModelServer modelServer) {

    /** What the listener runs with now. */
    public ListenerConfig config() {
        return generation.get().config();
    }

    /** Its protocol instance now. */
    public Protocol protocol() {
        return generation.get().protocol();
    }

    /** The address actually bound (the real port when the configured one was 0). */
    public InetSocketAddress localAddress() {
        return modelServer != null ? modelServer.localAddress() : (InetSocketAddress) channels.get(0).localAddress();
    }
}
