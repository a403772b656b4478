package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.logging.ByteBufFormat;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.camelot.protocol.DatagramEndpoint;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.concurrency.ModelServer;
import org.camelot.server.concurrency.ModelServers;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.metrics.ConnectionMetrics;
import org.camelot.server.tls.ListenerCertificates;
import org.camelot.server.tls.ServerTlsContexts;
import org.camelot.server.transport.EmptyDatagramWriter;
import org.camelot.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds listeners: Netty server or datagram channels on the event loops, or a concurrency model's server. */
final class ListenerBinder {

    private static final Logger log = LoggerFactory.getLogger(ListenerBinder.class);

    private final Transport transport;
    private final EventLoopGroup group;
    private final List<EventLoopGroup> ownGroups;
    private final ChannelGroup connections;
    private final Supplier<ChannelHandler> trafficShaping;
    private final MeterRegistry meters;
    /** Per listener name, so that a listener's meters carry on across reloads. */
    private final Map<String, ConnectionMetrics> metrics = new ConcurrentHashMap<>();

    ListenerBinder(Transport transport, EventLoopGroup group, List<EventLoopGroup> ownGroups, ChannelGroup connections,
                   Supplier<ChannelHandler> trafficShaping, MeterRegistry meters) {
        this.transport = transport;
        this.group = group;
        this.ownGroups = ownGroups;
        this.connections = connections;
        this.trafficShaping = trafficShaping;
        this.meters = meters;
    }

    /**
     * A new generation of {@code l}: its protocol, its certificates ({@code null} for cleartext) and a door, or the
     * previous door when the rules did not change.
     */
    ListenerGeneration generation(ListenerConfig l, Protocol protocol, ListenerCertificates certificates,
                                  ListenerGeneration previous) {
        ListenerConfig.Door door = l.door();
        ListenerGuard guard = previous != null && previous.config().door().equals(door) ? previous.guard()
                : new ListenerGuard(l.name(), door.allow(), door.deny(), door.maxConnections(),
                        door.maxConnectionsPerClient(), door.proxyProtocol(), meters);
        return new ListenerGeneration(l, protocol, guard, certificates);
    }

    RunningListener bind(CamelotConfig config, ListenerGeneration generation) throws StartupException {
        return bind(config, generation, generation.config().address());
    }

    /** Binds {@code generation} at {@code address} (the configured one, or the port a listener holds already). */
    RunningListener bind(CamelotConfig config, ListenerGeneration generation, InetSocketAddress at)
            throws StartupException {
        ListenerConfig l = generation.config();
        if (l.concurrency().model() != ConcurrencyModel.EVENT_LOOP) {
            return bindModel(config, generation);
        }
        Transport transport = this.transport;
        EventLoopGroup group = this.group;
        ConcurrencySettings concurrency = l.concurrency();
        if (concurrency.ownEventLoops()) {
            try {
                transport = Transport.resolve(Objects.requireNonNullElse(concurrency.transport(), config.transport()));
            } catch (IllegalStateException e) {
                throw new StartupException("listener " + l.name() + ": " + e.getMessage(), e);
            }
            group = transport.newGroup(concurrency.threads(), "camelot-" + l.name());
            ownGroups.add(group);
        }
        AtomicReference<ListenerGeneration> current = new AtomicReference<>(generation);
        List<Channel> channels = new ArrayList<>();
        List<Channel> datagrams = List.of();
        InetSocketAddress address = at;
        boolean reusePort = l.door().reusePort();
        Protocol protocol = generation.protocol();
        try {
            if (l.provider().socketType() == SocketType.STREAM) {
                ConnectionMetrics m = metrics.computeIfAbsent(l.name(), n -> new ConnectionMetrics(n, meters));
                ServerBootstrap b = new ServerBootstrap()
                        .group(group)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ConnectionInitializer(l.name(), current, connections, trafficShaping, m,
                                meters));
                if (reusePort) {
                    b.option(reusePort(transport), true);
                }
                channels.add(b.bind(address).sync().channel());
                DatagramEndpoint endpoint = endpoint(protocol, l);
                if (endpoint != null) {
                    InetSocketAddress bound = (InetSocketAddress) channels.get(0).localAddress();
                    datagrams = bindEndpoint(l, generation, current, endpoint, transport, group,
                            new InetSocketAddress(bound.getAddress(), endpoint.port() != 0 ? endpoint.port()
                                    : bound.getPort()));
                }
            } else {
                int wanted = Math.max(1, protocol.datagramChannels());
                int count = datagramSockets(transport, protocol);
                if (count < wanted) {
                    log.info("listener {}: {} receives on one channel ({} asked; SO_REUSEPORT needs epoll or io_uring)",
                            l.name(), transport.kind(), wanted);
                }
                Bootstrap b = new Bootstrap().group(group).channelFactory(transport.datagramChannels())
                        .handler(new ChannelInitializer<>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                initDatagram(ch, generation);
                            }
                        });
                if (count > 1 || reusePort) {
                    b.option(reusePort(transport), true);
                }
                for (int i = 0; i < count; i++) {
                    channels.add(b.bind(address).sync().channel());
                    address = new InetSocketAddress(address.getAddress(),
                            ((InetSocketAddress) channels.get(0).localAddress()).getPort());
                }
            }
        } catch (StartupException e) {
            channels.forEach(Channel::close);
            throw e;
        } catch (Exception e) {
            channels.forEach(Channel::close);
            throw new StartupException("listener " + l.name() + ": cannot bind "
                    + (l.provider().socketType() == SocketType.STREAM ? "TCP " : "UDP ") + display(address) + ": "
                    + String.valueOf(e.getMessage()).replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", ""),
                    e);
        }
        log.info("listener {} ({}) bound to {} {}, transport {}{}", l.name(), l.provider().name(),
                l.provider().socketType() == SocketType.STREAM ? "TCP" : "UDP",
                display((InetSocketAddress) channels.get(0).localAddress())
                        + (channels.size() > 1 ? " (" + channels.size() + " channels, SO_REUSEPORT)" : ""),
                transport.kind() + (concurrency.ownEventLoops() ? " (" + concurrency.threads() + " own event-loop "
                        + "threads)" : ""), tlsDescription(l, generation.certificates()));
        return new RunningListener(current, channels, datagrams, null);
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
     * Binds a stream listener's datagram side next to its TCP socket: one channel per event loop with SO_REUSEPORT
     * where the transport has it, each behind the listener's access filter.
     */
    private List<Channel> bindEndpoint(ListenerConfig l, ListenerGeneration generation,
                                       AtomicReference<ListenerGeneration> current, DatagramEndpoint endpoint,
                                       Transport transport, EventLoopGroup group, InetSocketAddress address)
            throws StartupException {
        int loops = 0;
        for (var ignored : group) {
            loops++;
        }
        int wanted = endpoint.channels() > 0 ? endpoint.channels() : loops;
        int count = transport.reusePort() != null ? wanted : 1;
        ListenerGuard guard = generation.guard();
        ChannelHandler door = new DatagramConnectionDoor(l.name(), current, connections);
        Supplier<DatagramEndpoint> latest = () -> current.get().protocol().datagramEndpoint();
        Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        guard.installDatagram(ch);
                        endpoint.initChannel(ch, door, latest);
                    }
                });
        if (count > 1) {
            b.option(reusePort(transport), true);
        }
        List<Channel> out = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                out.add(b.bind(address).sync().channel());
            }
        } catch (Exception e) {
            out.forEach(Channel::close);
            throw new StartupException("listener " + l.name() + ": cannot bind UDP " + display(address) + " for "
                    + endpoint.description() + ": " + String.valueOf(e.getMessage())
                    .replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", ""), e);
        }
        endpoint.bound((InetSocketAddress) out.get(0).localAddress());
        log.info("listener {} serves {} on UDP {}{}", l.name(), endpoint.description(), display(address),
                out.size() > 1 ? " (" + out.size() + " sockets, SO_REUSEPORT)" : "");
        return out;
    }

    /** How many sockets a datagram listener of {@code protocol} binds on this transport. */
    int datagramSockets(Protocol protocol) {
        return datagramSockets(transport, protocol);
    }

    private static int datagramSockets(Transport transport, Protocol protocol) {
        return transport.reusePort() != null ? Math.max(1, protocol.datagramChannels()) : 1;
    }

    /** A datagram socket's pipeline for a generation: empty datagrams, access rules, wiretap, the protocol. */
    private static void initDatagram(Channel ch, ListenerGeneration generation) {
        ListenerConfig l = generation.config();
        if (EmptyDatagramWriter.needed(ch)) {
            ch.pipeline().addLast("empty-datagrams", EmptyDatagramWriter.INSTANCE);
        }
        generation.guard().installDatagram(ch);
        if (l.wiretap()) {
            ch.pipeline().addLast("wiretap", new LoggingHandler("camelot.wiretap." + l.name(), LogLevel.INFO,
                    ByteBufFormat.HEX_DUMP));
        }
        generation.protocol().initChannel(ch);
    }

    /**
     * Puts a new generation on the bound sockets of a datagram listener, which stay bound: on each socket's event
     * loop, between two reads, its pipeline is built again for {@code next}. Datagrams arriving meanwhile wait in
     * the socket's receive buffer, so none is lost.
     *
     * @return done once every socket uses {@code next}
     */
    static java.util.concurrent.CompletableFuture<Void> swapDatagram(List<Channel> channels, ListenerGeneration next) {
        List<java.util.concurrent.CompletableFuture<Void>> done = new ArrayList<>();
        for (Channel ch : channels) {
            java.util.concurrent.CompletableFuture<Void> swapped = new java.util.concurrent.CompletableFuture<>();
            done.add(swapped);
            ch.eventLoop().execute(() -> {
                try {
                    io.netty.channel.ChannelPipeline p = ch.pipeline();
                    while (p.first() != null) {
                        p.removeFirst();
                    }
                    initDatagram(ch, next);
                    swapped.complete(null);
                } catch (RuntimeException e) {
                    swapped.completeExceptionally(e);
                }
            });
        }
        return java.util.concurrent.CompletableFuture.allOf(done.toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    /** A listener under a blocking model or the processes model. */
    private RunningListener bindModel(CamelotConfig config, ListenerGeneration generation) throws StartupException {
        ListenerConfig l = generation.config();
        ModelServer server;
        try {
            server = ModelServers.start(config, l, generation.protocol(), generation.certificates());
        } catch (IOException | RuntimeException e) {
            throw new StartupException("listener " + l.name() + ": cannot bind TCP " + display(l.address()) + ": "
                    + e.getMessage(), e);
        }
        ConcurrencySettings c = l.concurrency();
        log.info("listener {} ({}) bound to TCP {}, concurrency {}{}", l.name(), l.provider().name(),
                display(server.localAddress()), switch (c.model()) {
                    case THREAD_POOL -> "thread-pool of " + c.threads() + " threads";
                    case PROCESSES -> c.processes() + " processes, each " + c.processModel();
                    default -> c.model().toString();
                }, l.isTls() ? ", TLS (JDK)" : ", cleartext");
        return new RunningListener(new AtomicReference<>(generation), List.of(), List.of(), server);
    }

    static String tlsDescription(ListenerConfig l, ListenerCertificates certificates) {
        if (!l.isTls()) {
            return ", cleartext";
        }
        return ", TLS " + ServerTlsContexts.providerName() + " " + String.join(",", l.tls().protocols())
                + certificates(l, certificates)
                + (l.tls().clientAuth().name().equals("NONE") ? ""
                : ", client-auth " + l.tls().clientAuth().name().toLowerCase(Locale.ROOT));
    }

    private static String certificates(ListenerConfig l, ListenerCertificates certificates) {
        int n = certificates.current().all().size();
        return (n > 1 ? ", " + n + " certificates by SNI" + (l.tls().sni() == org.camelot.server.config.SniMode.STRICT
                ? " (strict)" : "") : "") + (l.tls().acme() != null ? ", ACME " + l.tls().acme().names() : "");
    }

    /** SO_REUSEPORT for this transport; NIO has it through the JDK's socket options. */
    private static ChannelOption<Boolean> reusePort(Transport transport) {
        return transport.reusePort() != null ? transport.reusePort()
                : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
    }

    static String display(InetSocketAddress a) {
        String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
