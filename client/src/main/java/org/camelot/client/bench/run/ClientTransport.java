package org.camelot.client.bench.run;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The generator's Netty transport: epoll where available (auto), NIO, or io_uring.
 *
 * @param name     nio, epoll or io_uring
 * @param handlers creates each event loop's I/O handler
 * @param socket   the TCP channel class
 * @param datagram the UDP channel class
 */
public record ClientTransport(String name, Supplier<IoHandlerFactory> handlers, Class<? extends SocketChannel> socket,
                       Class<? extends DatagramChannel> datagram) {

    /**
     * The transport named on the command line.
     *
     * @throws IllegalArgumentException an unknown name, or a transport this machine cannot load
     */
    public static ClientTransport resolve(String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (w) {
            case "auto" -> Epoll.isAvailable() ? epoll() : nio();
            case "nio" -> nio();
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("transport epoll is not available: " + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case "io_uring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalArgumentException("transport io_uring is not available: "
                            + IoUring.unavailabilityCause());
                }
                yield new ClientTransport("io_uring", IoUringIoHandler::newFactory, IoUringSocketChannel.class,
                        IoUringDatagramChannel.class);
            }
            default -> throw new IllegalArgumentException("transport " + wanted + ": expected auto, nio, epoll or io_uring");
        };
    }

    private static ClientTransport nio() {
        return new ClientTransport("nio", NioIoHandler::newFactory, NioSocketChannel.class, NioDatagramChannel.class);
    }

    private static ClientTransport epoll() {
        return new ClientTransport("epoll", EpollIoHandler::newFactory, EpollSocketChannel.class,
                EpollDatagramChannel.class);
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench", true), handlers.get());
    }
}
