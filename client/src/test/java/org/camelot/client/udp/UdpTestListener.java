package org.camelot.client.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.camelot.protocol.udp.UdpCounters;
import org.camelot.protocol.udp.UdpMode;
import org.camelot.protocol.udp.UdpProtocol;
import org.camelot.protocol.udp.UdpSettings;

/** The real udp protocol on a Netty datagram socket at a loopback address, for the client to talk to. */
final class UdpTestListener implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    UdpTestListener(InetAddress address, UdpMode mode) throws InterruptedException {
        UdpProtocol protocol = new UdpProtocol("client-test", new UdpSettings(mode, null, 1, null, null, null, null),
                new UdpCounters());
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        protocol.initChannel(ch);
                    }
                })
                .bind(new InetSocketAddress(address, 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
