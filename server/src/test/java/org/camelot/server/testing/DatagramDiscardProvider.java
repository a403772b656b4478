package org.camelot.server.testing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.camelot.protocol.ListenerContext;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.ProtocolProvider;
import org.camelot.protocol.SocketType;

/** A datagram protocol for the core's tests (registered in the test class path only): it discards what it gets. */
public final class DatagramDiscardProvider implements ProtocolProvider<DatagramDiscardProvider.NoSettings> {

    /** No settings. */
    public record NoSettings() {
    }

    @Override
    public String name() {
        return "test-discard-datagram";
    }

    @Override
    public Class<NoSettings> settingsType() {
        return NoSettings.class;
    }

    @Override
    public SocketType socketType() {
        return SocketType.DATAGRAM;
    }

    @Override
    public Protocol create(ListenerContext<NoSettings> context) {
        return channel -> channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                // discarded
            }
        });
    }
}
