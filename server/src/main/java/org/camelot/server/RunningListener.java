package org.camelot.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import org.camelot.protocol.Protocol;
import org.camelot.server.concurrency.ModelServer;
import org.camelot.server.config.ListenerConfig;

/**
 * A bound listener: its server (or datagram) channels and its protocol.
 *
 * @param config      what it was configured with
 * @param protocol    its protocol instance
 * @param channels    the bound channels: one server channel, or one or more datagram channels on the same port; none
 *                    when the listener runs under another concurrency model than event-loop
 * @param modelServer the server of its concurrency model when that is not event-loop, else {@code null}
 */
public record RunningListener(ListenerConfig config, Protocol protocol, List<Channel> channels,
                              ModelServer modelServer) {

    /** The address actually bound (the real port when the configured one was 0). */
    public InetSocketAddress localAddress() {
        return modelServer != null ? modelServer.localAddress() : (InetSocketAddress) channels.get(0).localAddress();
    }
}
