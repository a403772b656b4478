package org.camelot.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.concurrency.ModelServer;
import org.camelot.server.concurrency.ModelServers;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.config.TrafficShaping;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.metrics.DaemonMeters;
import org.camelot.server.metrics.EventLoopMetrics;
import org.camelot.server.tls.ServerTlsContexts;
import org.camelot.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: one event-loop group, every configured listener bound on it, and a graceful shutdown. */
public final class CamelotServer implements AutoCloseable, DaemonStatus {

    private static final Logger log = LoggerFactory.getLogger(CamelotServer.class);
    /** Marks connections of listeners that keep serving while the others drain (health checks). */
    static final io.netty.util.AttributeKey<Boolean> SERVES_DURING_DRAIN =
            io.netty.util.AttributeKey.valueOf("camelot.serves-during-drain");

    private final CamelotConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor blocking;
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, RunningListener> listeners = new LinkedHashMap<>();
    private final List<EventLoopGroup> ownGroups = new ArrayList<>();
    private final DaemonMeters daemonMeters = new DaemonMeters();
    private final PrometheusMeterRegistry meters = daemonMeters.registry();
    private final GlobalTrafficShapingHandler trafficShaping;
    private final Map<String, ListenerGuard> guards = new LinkedHashMap<>();
    private volatile State state = State.STARTING;

    private CamelotServer(CamelotConfig config, Transport transport) {
        this.config = config;
        this.transport = transport;
        this.group = transport.newGroup(config.ioThreads(), "camelot-io");
        int blockingThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.blocking = new ThreadPoolExecutor(blockingThreads, blockingThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16_384), new DefaultThreadFactory("camelot-blocking", true));
        this.blocking.allowCoreThreadTimeOut(true);
        EventLoopMetrics.bind(group, meters);
        TrafficShaping shaping = config.trafficShaping();
        this.trafficShaping = shaping.enabled()
                ? new GlobalTrafficShapingHandler(group.next(), shaping.writeBytesPerSecond(),
                        shaping.readBytesPerSecond(), shaping.checkInterval().toMillis())
                : null;
    }

    /**
     * Creates every protocol and binds every listener, or starts nothing.
     *
     * @throws ConfigException  when a protocol refuses its settings or what they name (a file)
     * @throws StartupException when a listener cannot bind or the transport is not available
     */
    public static CamelotServer start(CamelotConfig config) throws ConfigException, StartupException {
        Transport transport;
        try {
            transport = Transport.resolve(config.transport());
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), e);
        }
        CamelotServer server = new CamelotServer(config, transport);
        Map<ListenerConfig, Protocol> protocols = Map.of();
        try {
            protocols = Protocols.create(config, server.blocking, server.meters, server);
            for (Map.Entry<ListenerConfig, Protocol> e : protocols.entrySet()) {
                server.bind(e.getKey(), e.getValue());
            }
        } catch (ConfigException | StartupException | RuntimeException e) {
            server.close();
            protocols.forEach((l, p) -> {
                if (!server.listeners.containsKey(l.name())) {
                    p.close();
                }
            });
            throw e;
        }
        server.state = State.SERVING;
        return server;
    }

    private void bind(ListenerConfig l, Protocol protocol) throws StartupException {
        if (l.concurrency().model() != ConcurrencyModel.EVENT_LOOP) {
            bindModel(l, protocol);
            return;
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
        List<Channel> channels = new ArrayList<>();
        listeners.put(l.name(), new RunningListener(l, protocol, channels, null));
        InetSocketAddress address = l.address();
        ListenerConfig.Door door = l.door();
        ListenerGuard guard = new ListenerGuard(l.name(), door.allow(), door.deny(), door.maxConnections(),
                door.maxConnectionsPerClient(), door.proxyProtocol(), meters);
        guards.put(l.name(), guard);
        try {
            if (l.provider().socketType() == SocketType.STREAM) {
                ServerBootstrap b = new ServerBootstrap()
                        .group(group)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ConnectionInitializer(l, protocol, connections, guard, trafficShaping, meters));
                if (door.reusePort() || concurrency.reusePort()) {
                    b.option(reusePort(transport), true);
                }
                channels.add(b.bind(address).sync().channel());
            } else {
                int wanted = Math.max(1, protocol.datagramChannels());
                int count = transport.reusePort() != null ? wanted : 1;
                if (count < wanted) {
                    log.info("listener {}: {} receives on one channel ({} asked; SO_REUSEPORT needs epoll or io_uring)",
                            l.name(), transport.kind(), wanted);
                }
                Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                        .handler(new ChannelInitializer<>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                guard.installDatagram(ch);
                                protocol.initChannel(ch);
                            }
                        });
                if (count > 1 || concurrency.reusePort()) {
                    b.option(reusePort(transport), true);
                }
                for (int i = 0; i < count; i++) {
                    channels.add(b.bind(address).sync().channel());
                    address = new InetSocketAddress(address.getAddress(),
                            ((InetSocketAddress) channels.get(0).localAddress()).getPort());
                }
            }
        } catch (Exception e) {
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
                        + "threads)" : ""),
                l.isTls() ? ", TLS " + ServerTlsContexts.providerName() + " " + String.join(",", l.tls().protocols())
                        + (l.tls().clientAuth().name().equals("NONE") ? "" : ", client-auth "
                        + l.tls().clientAuth().name().toLowerCase(java.util.Locale.ROOT)) : ", cleartext");
    }

    /** A listener under a blocking model or the processes model. */
    private void bindModel(ListenerConfig l, Protocol protocol) throws StartupException {
        ModelServer server;
        try {
            server = ModelServers.start(config, l, protocol);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("listener " + l.name() + ": cannot bind TCP " + display(l.address()) + ": "
                    + e.getMessage(), e);
        }
        listeners.put(l.name(), new RunningListener(l, protocol, List.of(), server));
        ConcurrencySettings c = l.concurrency();
        log.info("listener {} ({}) bound to TCP {}, concurrency {}{}", l.name(), l.provider().name(),
                display(server.localAddress()), switch (c.model()) {
                    case THREAD_POOL -> "thread-pool of " + c.threads() + " threads";
                    case PROCESSES -> c.processes() + " processes, each " + c.processModel();
                    default -> c.model().toString();
                }, l.isTls() ? ", TLS (JDK)" : ", cleartext");
    }

    /** SO_REUSEPORT for this transport; NIO has it through the JDK's socket options. */
    private static ChannelOption<Boolean> reusePort(Transport transport) {
        return transport.reusePort() != null ? transport.reusePort()
                : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
    }

    private static String display(InetSocketAddress a) {
        String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** The running listeners by name, in configuration order. */
    public Map<String, RunningListener> listeners() {
        return Map.copyOf(listeners);
    }

    /** The address a listener actually bound. */
    public InetSocketAddress address(String listener) {
        RunningListener l = listeners.get(listener);
        if (l == null) {
            throw new IllegalArgumentException("no listener " + listener);
        }
        return l.localAddress();
    }

    /** The registry every listener and protocol records its metrics in. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** A listener's door: its access rules, limits and refusal counts. */
    public ListenerGuard guard(String listener) {
        return guards.get(listener);
    }

    /** Open connections across all listeners. */
    public int openConnections() {
        return connections.size() + modelServers().mapToInt(ModelServer::openConnections).sum();
    }

    private java.util.stream.Stream<ModelServer> modelServers() {
        return listeners.values().stream().map(RunningListener::modelServer).filter(Objects::nonNull);
    }

    /**
     * Stops accepting, tells every open connection to finish what it has accepted ({@link DrainEvent}), waits up
     * to {@code timeout} for them to close, closes what is left, and releases everything.
     */
    public synchronized void shutdown(Duration timeout) {
        if (state == State.DRAINING || state == State.STOPPED) {
            return;
        }
        state = State.DRAINING;
        for (RunningListener l : listeners.values()) {
            if (!l.protocol().servesDuringDrain()) {
                l.channels().forEach(c -> c.close().awaitUninterruptibly());
            }
            if (l.modelServer() != null) {
                l.modelServer().stopAccepting();
            }
        }
        long open = draining() + modelServers().mapToInt(ModelServer::openConnections).sum();
        if (open > 0 || modelServers().anyMatch(m -> !m.idle())) {
            log.info("shutting down: draining {} connection(s), up to {}", open, timeout);
            for (Channel c : connections) {
                if (!c.hasAttr(SERVES_DURING_DRAIN)) {
                    c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
                }
            }
            modelServers().forEach(ModelServer::drain);
            long deadline = System.nanoTime() + timeout.toNanos();
            while ((draining() > 0 || modelServers().anyMatch(m -> !m.idle())) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(Math.min(20, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (draining() > 0) {
                log.warn("drain timeout: closing {} connection(s) still open: {}", draining(),
                        connections.stream().filter(c -> !c.hasAttr(SERVES_DURING_DRAIN))
                                .map(c -> String.valueOf(c.remoteAddress())).limit(10)
                                .collect(Collectors.joining(", ")));
            }
            int blocked = modelServers().mapToInt(ModelServer::openConnections).sum();
            if (blocked > 0) {
                log.warn("drain timeout: closing {} connection(s) of blocking listeners still open", blocked);
            }
        }
        modelServers().forEach(ModelServer::close);
        for (RunningListener l : listeners.values()) {
            l.channels().forEach(c -> c.close().awaitUninterruptibly());
        }
        connections.close().awaitUninterruptibly();
        for (RunningListener l : listeners.values()) {
            try {
                l.protocol().close();
            } catch (RuntimeException e) {
                log.warn("listener {}: error while closing its protocol", l.config().name(), e);
            }
        }
        if (trafficShaping != null) {
            trafficShaping.release();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        ownGroups.forEach(g -> g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly());
        blocking.shutdownNow();
        daemonMeters.close();
        state = State.STOPPED;
        log.info("stopped");
    }

    private long draining() {
        return connections.stream().filter(c -> !c.hasAttr(SERVES_DURING_DRAIN)).count();
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String scrape() {
        return meters.scrape();
    }

    /** Shuts down with the configured drain timeout. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }
}
