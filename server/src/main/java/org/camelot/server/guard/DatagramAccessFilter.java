package org.camelot.server.guard;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/** Drops, and counts, datagrams whose sender the listener's access rules refuse. */
@ChannelHandler.Sharable
final class DatagramAccessFilter extends ChannelInboundHandlerAdapter {

    private final AccessRules rules;

    DatagramAccessFilter(AccessRules rules) {
        this.rules = rules;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && !rules.allows(packet.sender())) {
            packet.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
