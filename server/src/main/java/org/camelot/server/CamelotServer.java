package org.camelot.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.tls.ServerTlsContexts;
import org.camelot.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: one event-loop group, every configured listener bound on it, and a graceful shutdown. */
public final class CamelotServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CamelotServer.class);

    private final CamelotConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor blocking;
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final Map<String, RunningListener> listeners = new LinkedHashMap<>();
    private boolean stopped;

    private CamelotServer(CamelotConfig config, Transport transport) {
        this.config = config;
        this.transport = transport;
        this.group = transport.newGroup(config.ioThreads(), "camelot-io");
        int blockingThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.blocking = new ThreadPoolExecutor(blockingThreads, blockingThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(16_384), new DefaultThreadFactory("camelot-blocking", true));
        this.blocking.allowCoreThreadTimeOut(true);
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
            protocols = Protocols.create(config, server.blocking);
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
        return server;
    }

    private void bind(ListenerConfig l, Protocol protocol) throws StartupException {
        List<Channel> channels = new ArrayList<>();
        listeners.put(l.name(), new RunningListener(l, protocol, channels));
        InetSocketAddress address = l.address();
        try {
            if (l.provider().socketType() == SocketType.STREAM) {
                channels.add(new ServerBootstrap()
                        .group(group)
                        .channel(transport.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ConnectionInitializer(l, protocol, connections))
                        .bind(address).sync().channel());
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
                                protocol.initChannel(ch);
                            }
                        });
                if (count > 1) {
                    b.option(transport.reusePort(), true);
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
                transport.kind(),
                l.isTls() ? ", TLS " + ServerTlsContexts.providerName() + " " + String.join(",", l.tls().protocols())
                        + (l.tls().clientAuth().name().equals("NONE") ? "" : ", client-auth "
                        + l.tls().clientAuth().name().toLowerCase(java.util.Locale.ROOT)) : ", cleartext");
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

    /** Open connections across all listeners. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Stops accepting, tells every open connection to finish what it has accepted ({@link DrainEvent}), waits up
     * to {@code timeout} for them to close, closes what is left, and releases everything.
     */
    public synchronized void shutdown(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        for (RunningListener l : listeners.values()) {
            l.channels().forEach(c -> c.close().awaitUninterruptibly());
        }
        int open = connections.size();
        if (open > 0) {
            log.info("shutting down: draining {} connection(s), up to {}", open, timeout);
            for (Channel c : connections) {
                c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!connections.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(Math.min(20, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!connections.isEmpty()) {
                log.warn("drain timeout: closing {} connection(s) still open: {}", connections.size(),
                        connections.stream().map(c -> String.valueOf(c.remoteAddress())).limit(10)
                                .collect(Collectors.joining(", ")));
                connections.close().awaitUninterruptibly();
            }
        }
        for (RunningListener l : listeners.values()) {
            try {
                l.protocol().close();
            } catch (RuntimeException e) {
                log.warn("listener {}: error while closing its protocol", l.config().name(), e);
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        blocking.shutdownNow();
        log.info("stopped");
    }

    /** Shuts down with the configured drain timeout. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }
}
