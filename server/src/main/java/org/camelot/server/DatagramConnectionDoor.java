package org.camelot.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.camelot.protocol.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's part of each connection a listener's datagram endpoint accepts (a QUIC connection of HTTP/3): it
 * records the client's source address for logs and rules, registers the connection so that a drain or a shutdown
 * reaches and waits for it like a TCP connection, and applies the listener's connection limits by source address.
 * The access rules already filtered the datagrams themselves.
 */
@ChannelHandler.Sharable
final class DatagramConnectionDoor extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DatagramConnectionDoor.class);

    private final String listener;
    private final AtomicReference<ListenerGeneration> generation;
    private final ChannelGroup connections;

    DatagramConnectionDoor(String listener, AtomicReference<ListenerGeneration> generation, ChannelGroup connections) {
        this.listener = listener;
        this.generation = generation;
        this.connections = connections;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ListenerGeneration gen = generation.get();
        InetSocketAddress source = source(ch);
        if (source != null) {
            ClientAddress.set(ch, source);
        }
        if (gen.isStopping()) {
            log.debug("listener {}: refused a QUIC connection from {} while draining", listener, source);
            ch.close();
            return;
        }
        if (source != null && !gen.guard().admitDatagramConnection(ch, source)) {
            log.debug("listener {}: refused a QUIC connection from {} (connection limits)", listener, source);
            ch.close();
            return;
        }
        gen.opened(ch);
        connections.add(ch);
    }

    private static InetSocketAddress source(Channel ch) {
        return ch instanceof QuicChannel q && q.remoteSocketAddress() instanceof InetSocketAddress a ? a : null;
    }
}
