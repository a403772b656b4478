package org.camelot.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends empty datagrams, which Netty's NIO and epoll datagram channels silently skip (their write treats zero bytes
 * as written). A zero-length UDP datagram is a datagram all the same: an echo service owes one to the sender of one.
 * It sits first in a datagram channel's pipeline and sends such a packet itself, straight to the socket; every other
 * message goes on to the channel. The empty reply may overtake replies still queued behind a full send buffer, which
 * UDP allows.
 */
@ChannelHandler.Sharable
public final class EmptyDatagramWriter extends ChannelOutboundHandlerAdapter {

    /** The one instance. */
    public static final EmptyDatagramWriter INSTANCE = new EmptyDatagramWriter();

    private static final ByteBuffer EMPTY_DIRECT = ByteBuffer.allocateDirect(0);

    /** The JDK channel under a NIO datagram channel. */
    static final AttributeKey<java.nio.channels.DatagramChannel> JDK_CHANNEL =
            AttributeKey.valueOf("camelot.jdk-datagram-channel");

    private EmptyDatagramWriter() {
    }

    /** Whether {@code channel}'s transport needs this handler to send empty datagrams. */
    public static boolean needed(Channel channel) {
        return channel.hasAttr(JDK_CHANNEL) || channel instanceof EpollDatagramChannel;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof DatagramPacket packet) || packet.content().isReadable() || packet.recipient() == null) {
            ctx.write(msg, promise);
            return;
        }
        try {
            send(ctx.channel(), packet.recipient());
            promise.setSuccess();
        } catch (IOException | RuntimeException e) {
            promise.setFailure(e);
        } finally {
            packet.release();
        }
    }

    private static void send(Channel channel, InetSocketAddress to) throws IOException {
        java.nio.channels.DatagramChannel jdk = channel.attr(JDK_CHANNEL).get();
        if (jdk != null) {
            jdk.send(ByteBuffer.allocate(0), to);
        } else if (channel instanceof EpollDatagramChannel epoll) {
            // A view of the channel's own descriptor: the datagram leaves from the listener's port.
            new Socket(epoll.fd().intValue()).sendTo(EMPTY_DIRECT, 0, 0, to.getAddress(), to.getPort());
        } else {
            throw new IOException("cannot send an empty datagram on " + channel.getClass().getSimpleName());
        }
    }
}
