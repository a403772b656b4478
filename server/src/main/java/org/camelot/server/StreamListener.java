package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.camelot.protocol.DatagramEndpoint;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.metrics.ConnectionMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener on event loops, with its protocol's datagram side (HTTP/3) when it has one.
 *
 * <p>With more than one event loop on a transport that has {@code SO_REUSEPORT} (epoll, io_uring), it binds one
 * server socket per loop and serves each accepted connection on the loop that accepted it: the kernel spreads new
 * connections over the sockets, and no connection is handed from the accepting loop to another (a wake-up and a
 * queue hand-off per connection). Elsewhere one server socket accepts for every loop.
 */
final class StreamListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger(StreamListener.class);

    private final AtomicReference<ListenerGeneration> generation;
    private final EventLoops loops;
    private final ChannelGroup connections;
    private final ConnectionInitializer initializer;
    private volatile List<Channel> servers = List.of();
    private volatile List<Channel> datagrams = List.of();

    StreamListener(ListenerGeneration generation, EventLoops loops, Supplier<ChannelHandler> trafficShaping,
                   ConnectionMetrics metrics, MeterRegistry meters) {
        String name = generation.config().name();
        this.generation = new AtomicReference<>(generation);
        this.loops = loops;
        this.connections = new DefaultChannelGroup("connections-" + name, GlobalEventExecutor.INSTANCE);
        this.initializer = new ConnectionInitializer(name, this.generation, connections, trafficShaping, metrics,
                meters);
    }

    @Override
    public void bind(InetSocketAddress address) throws StartupException {
        ListenerConfig l = generation.get().config();
        List<EventLoop> each = loops.loops();
        boolean perLoop = each.size() > 1 && loops.transport().reusePort() != null;
        List<Channel> bound = new ArrayList<>();
        try {
            if (perLoop && !l.door().reusePort() && address.getPort() != 0) {
                refuseTakenPort(address);
            }
            InetSocketAddress at = address;
            for (EventLoop loop : perLoop ? each : List.<EventLoop>of()) {
                bound.add(bootstrap(l, loop, loop, true, at).bind(at).sync().channel());
                at = new InetSocketAddress(at.getAddress(), ((InetSocketAddress) bound.get(0).localAddress()).getPort());
            }
            if (!perLoop) {
                bound.add(bootstrap(l, loops.group(), loops.group(), l.door().reusePort(), at)
                        .bind(at).sync().channel());
            }
            servers = List.copyOf(bound);
            DatagramEndpoint endpoint = endpoint(generation.get().protocol(), l);
            if (endpoint != null) {
                InetSocketAddress tcp = localAddress();
                datagrams = bindEndpoint(l, endpoint, new InetSocketAddress(tcp.getAddress(),
                        endpoint.port() != 0 ? endpoint.port() : tcp.getPort()));
            }
        } catch (StartupException e) {
            bound.forEach(c -> c.close().awaitUninterruptibly());
            loops.release();
            throw e;
        } catch (Exception e) {
            bound.forEach(c -> c.close().awaitUninterruptibly());
            loops.release();
            throw ListenerBinder.bindFailure(l, "TCP", address, null, e);
        }
        log.info("listener {} ({}) bound to TCP {}, transport {}{}", l.name(), l.provider().name(),
                ListenerBinder.display(localAddress())
                        + (servers.size() > 1 ? " (a socket per event loop, SO_REUSEPORT)" : ""),
                loops.transport().kind() + (loops.owned() ? " (" + l.concurrency().threads() + " own event-loop "
                        + "threads)" : ""), ListenerBinder.tlsDescription(l, generation.get().certificates()));
    }

    private ServerBootstrap bootstrap(ListenerConfig l, io.netty.channel.EventLoopGroup parent,
                                      io.netty.channel.EventLoopGroup children, boolean reusePort,
                                      InetSocketAddress address) {
        ServerBootstrap b = new ServerBootstrap()
                .group(parent, children)
                .channelFactory(loops.transport().serverChannels(address))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // No childOption(TCP_NODELAY): every transport's socket config turns it on as the connection is
                // created, and setting it again cost a setsockopt per connection.
                .childHandler(initializer);
        if (reusePort) {
            b.option(ListenerBinder.reusePort(loops.transport()), true);
        }
        return b;
    }

    /**
     * Sockets bound with SO_REUSEPORT would join any other group of them on the port (another daemon's of the same
     * user) instead of failing to bind: a plain socket bound there first fails as a lone server socket would, so a
     * port in use is refused unless the listener asks to share it ({@code reuse-port: true}).
     */
    private static void refuseTakenPort(InetSocketAddress address) throws IOException {
        try (Socket probe = new Socket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (BindException e) {
            throw new BindException("Address already in use");
        }
    }

    /** The protocol's datagram side, or {@code null}; a required one that cannot run stops start-up. */
    private static DatagramEndpoint endpoint(Protocol protocol, ListenerConfig l) throws StartupException {
        DatagramEndpoint endpoint;
        try {
            endpoint = protocol.datagramEndpoint();
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        if (endpoint != null && l.door().proxyProtocol()) {
            log.warn("listener {}: proxy-protocol applies to its TCP connections only; {} clients on UDP are seen at "
                    + "their own source address", l.name(), endpoint.description());
        }
        return endpoint;
    }

    /**
     * Binds the datagram side next to the TCP socket: one channel per event loop with SO_REUSEPORT where the
     * transport has it, each behind the listener's access filter.
     */
    private List<Channel> bindEndpoint(ListenerConfig l, DatagramEndpoint endpoint, InetSocketAddress address)
            throws StartupException {
        int wanted = endpoint.channels() > 0 ? endpoint.channels() : loops.loops().size();
        int count = loops.transport().reusePort() != null ? wanted : 1;
        ListenerGeneration first = generation.get();
        ChannelHandler door = new DatagramConnectionDoor(l.name(), generation, connections);
        Supplier<DatagramEndpoint> latest = () -> generation.get().protocol().datagramEndpoint();
        Bootstrap b = new Bootstrap().group(loops.group()).channel(loops.transport().datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        first.guard().installDatagram(ch);
                        endpoint.initChannel(ch, door, latest);
                    }
                });
        if (count > 1) {
            b.option(ListenerBinder.reusePort(loops.transport()), true);
        }
        List<Channel> out = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                out.add(b.bind(address).sync().channel());
            }
        } catch (Exception e) {
            out.forEach(c -> c.close().awaitUninterruptibly());
            throw ListenerBinder.bindFailure(l, "UDP", address, endpoint.description(), e);
        }
        endpoint.bound((InetSocketAddress) out.get(0).localAddress());
        log.info("listener {} serves {} on UDP {}{}", l.name(), endpoint.description(),
                ListenerBinder.display(address), out.size() > 1 ? " (" + out.size() + " sockets, SO_REUSEPORT)" : "");
        return out;
    }

    @Override
    public ListenerGeneration generation() {
        return generation.get();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) servers.get(0).localAddress();
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    /** The same model, kind of socket, sharing and datagram side: the bound sockets serve the new configuration. */
    @Override
    public boolean reloadsInPlace(ListenerConfig next, Protocol protocol) {
        ListenerConfig was = config();
        return next.concurrency().model() == ConcurrencyModel.EVENT_LOOP
                && next.concurrency().equals(was.concurrency())
                && next.provider().socketType() == SocketType.STREAM
                && next.door().reusePort() == was.door().reusePort()
                && sameDatagramSide(protocol().datagramEndpoint(), protocol.datagramEndpoint());
    }

    /** Whether a new datagram side can take over the old one's sockets (none, or both on the same port and count). */
    private static boolean sameDatagramSide(DatagramEndpoint old, DatagramEndpoint next) {
        return old == null ? next == null
                : next != null && old.getClass() == next.getClass() && old.port() == next.port()
                && old.channels() == next.channels();
    }

    @Override
    public void reload(ListenerGeneration next) {
        ListenerGeneration old = generation.getAndSet(next);
        DatagramEndpoint endpoint = next.protocol().datagramEndpoint();
        List<Channel> udp = datagrams;
        if (endpoint != null && !udp.isEmpty()) {
            endpoint.bound((InetSocketAddress) udp.get(0).localAddress());
        }
        old.retire();
    }

    @Override
    public void stopAccepting(boolean rebinding) {
        generation.get().stopping();
        servers.forEach(c -> c.close().awaitUninterruptibly());
        if (rebinding) {
            datagrams.forEach(c -> c.close().awaitUninterruptibly());
        }
    }

    @Override
    public void drain() {
        for (Channel c : connections) {
            c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        }
    }

    @Override
    public boolean idle() {
        return connections.isEmpty();
    }

    @Override
    public void close() {
        servers.forEach(c -> c.close().awaitUninterruptibly());
        List<ChannelFuture> closing = connections.stream().map(LingeringClose::closeNow).toList();
        closing.forEach(ChannelFuture::awaitUninterruptibly);
        datagrams.forEach(c -> c.close().awaitUninterruptibly());
        loops.release();
    }

    /** The bound server sockets: one per event loop, or one for all. */
    List<Channel> servers() {
        return servers;
    }

    /** The protocol's bound datagram sockets (HTTP/3's UDP side), or none. */
    List<Channel> datagrams() {
        return datagrams;
    }

    /** The open connections. */
    ChannelGroup connections() {
        return connections;
    }

    /** A few of the connections still open, for a log line. */
    List<String> openPeers(int max) {
        return connections.stream().limit(max).map(c -> String.valueOf(c.remoteAddress())).toList();
    }
}
