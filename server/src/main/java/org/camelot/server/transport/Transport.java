package org.camelot.server.transport;

import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.camelot.server.config.TransportKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resolved Netty transport: its event-loop factory and channel classes.
 *
 * @param kind          nio, epoll or io_uring (never auto)
 * @param ioHandlers    creates each event loop's I/O handler
 * @param serverChannel the TCP server channel class
 * @param datagramChannel the UDP channel class
 * @param reusePort     the {@code SO_REUSEPORT} option, or {@code null} where the transport has none
 */
public record Transport(TransportKind kind, Supplier<IoHandlerFactory> ioHandlers,
                        Class<? extends ServerChannel> serverChannel,
                        Class<? extends DatagramChannel> datagramChannel,
                        ChannelOption<Boolean> reusePort) {

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /**
     * Resolves {@code auto} to epoll where available, else NIO (logging why), and checks that a transport asked for
     * by name is available.
     *
     * @throws IllegalStateException naming the reason an explicitly requested native transport is unavailable
     */
    public static Transport resolve(TransportKind kind) {
        return switch (kind) {
            case AUTO -> {
                if (Epoll.isAvailable()) {
                    yield epoll();
                }
                log.info("transport auto: epoll is not available ({}), using nio", Epoll.unavailabilityCause().toString());
                yield nio();
            }
            case NIO -> nio();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport epoll is not available: " + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("transport io_uring is not available: " + IoUring.unavailabilityCause());
                }
                yield new Transport(TransportKind.IO_URING, IoUringIoHandler::newFactory, IoUringServerSocketChannel.class,
                        IoUringDatagramChannel.class, IoUringChannelOption.SO_REUSEPORT);
            }
        };
    }

    private static Transport nio() {
        return new Transport(TransportKind.NIO, NioIoHandler::newFactory, NioServerSocketChannel.class,
                NioDatagramChannel.class, null);
    }

    private static Transport epoll() {
        return new Transport(TransportKind.EPOLL, EpollIoHandler::newFactory, EpollServerSocketChannel.class,
                EpollDatagramChannel.class, EpollChannelOption.SO_REUSEPORT);
    }

    /**
     * Makes the TCP server channels for a socket bound to {@code address}. Netty opens its epoll sockets as IPv6
     * (dual-stack) by default and binds an IPv4 address as its IPv4-mapped form, which serves the same IPv4 clients;
     * a specific IPv4 address gets an IPv4 socket here instead, as a C server opens it, which costs the kernel less
     * for each connection and each packet (Launcelot A/Bs on loopback: a few per cent less CPU in the event loops).
     * The wildcard {@code 0.0.0.0} keeps the dual-stack socket, which Netty binds as {@code ::}: it takes IPv6
     * clients too, and still does. Handlers see the same addresses: Java turns an IPv4-mapped address into an
     * {@code Inet4Address}. NIO and io_uring keep Netty's default.
     */
    public ChannelFactory<ServerChannel> serverChannels(InetSocketAddress address) {
        if (address.getAddress() instanceof Inet4Address v4 && !v4.isAnyLocalAddress()
                && serverChannel == EpollServerSocketChannel.class) {
            return () -> new EpollServerSocketChannel(SocketProtocolFamily.INET);
        }
        return new ReflectiveChannelFactory<>(serverChannel);
    }

    /**
     * Makes the datagram channels. On NIO the JDK channel under each is kept (an attribute), so that
     * {@link EmptyDatagramWriter} can send the empty datagrams Netty's own write skips.
     */
    public ChannelFactory<DatagramChannel> datagramChannels() {
        if (datagramChannel == NioDatagramChannel.class) {
            return () -> {
                java.nio.channels.DatagramChannel jdk;
                try {
                    jdk = java.nio.channels.DatagramChannel.open();
                } catch (java.io.IOException e) {
                    throw new ChannelException("cannot open a datagram channel", e);
                }
                NioDatagramChannel channel = new NioDatagramChannel(jdk);
                channel.attr(EmptyDatagramWriter.JDK_CHANNEL).set(jdk);
                return channel;
            };
        }
        return new ReflectiveChannelFactory<>(datagramChannel);
    }

    /** A new event-loop group of this transport; {@code threads} 0 means one per core. */
    public MultiThreadIoEventLoopGroup newGroup(int threads, String name) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        return new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(name, false), ioHandlers.get());
    }
}
