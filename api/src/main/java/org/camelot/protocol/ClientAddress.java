package org.camelot.protocol;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The address of the client a connection serves: the peer of the socket, or, on a listener behind a load balancer
 * with {@code proxy-protocol: true}, the client address the PROXY protocol header gave. Access logs, access rules,
 * limits and metrics use this rather than {@link Channel#remoteAddress()}.
 */
public final class ClientAddress {

    private static final AttributeKey<InetSocketAddress> KEY = AttributeKey.valueOf("camelot.client-address");

    private ClientAddress() {
    }

    /** The client's address, or the socket's peer when no PROXY header set one. */
    public static SocketAddress of(Channel channel) {
        InetSocketAddress proxied = channel.attr(KEY).get();
        return proxied != null ? proxied : channel.remoteAddress();
    }

    /** Records the client address a PROXY protocol header gave for this connection. */
    public static void set(Channel channel, InetSocketAddress address) {
        channel.attr(KEY).set(address);
    }
}
