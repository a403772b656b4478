package org.camelot.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.logging.ByteBufFormat;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.transport.EmptyDatagramWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP listener: one or more datagram channels on the same port ({@code SO_REUSEPORT} where the transport has it),
 * each with its pipeline built from the listener's generation. A reload rebuilds the pipelines on the sockets that
 * stay bound, so no datagram is lost.
 */
public final class DatagramListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger(DatagramListener.class);

    private final AtomicReference<ListenerGeneration> generation;
    private final EventLoops loops;
    private volatile List<Channel> channels = List.of();

    DatagramListener(ListenerGeneration generation, EventLoops loops) {
        this.generation = new AtomicReference<>(generation);
        this.loops = loops;
    }

    @Override
    public void bind(InetSocketAddress address) throws StartupException {
        ListenerGeneration g = generation.get();
        ListenerConfig l = g.config();
        Protocol protocol = g.protocol();
        int wanted = Math.max(1, protocol.datagramChannels());
        int count = sockets(protocol);
        if (count < wanted) {
            log.info("listener {}: {} receives on one channel ({} asked; SO_REUSEPORT needs epoll or io_uring)",
                    l.name(), loops.transport().kind(), wanted);
        }
        Bootstrap b = new Bootstrap().group(loops.group()).channelFactory(loops.transport().datagramChannels())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        initDatagram(ch, g);
                    }
                });
        if (count > 1 || l.door().reusePort()) {
            b.option(ListenerBinder.reusePort(loops.transport()), true);
        }
        List<Channel> bound = new ArrayList<>();
        InetSocketAddress at = address;
        try {
            for (int i = 0; i < count; i++) {
                bound.add(b.bind(at).sync().channel());
                at = new InetSocketAddress(at.getAddress(), ((InetSocketAddress) bound.get(0).localAddress()).getPort());
            }
        } catch (Exception e) {
            bound.forEach(c -> c.close().awaitUninterruptibly());
            loops.release();
            throw ListenerBinder.bindFailure(l, "UDP", at, null, e);
        }
        channels = List.copyOf(bound);
        log.info("listener {} ({}) bound to UDP {}, transport {}", l.name(), l.provider().name(),
                ListenerBinder.display(localAddress())
                        + (bound.size() > 1 ? " (" + bound.size() + " channels, SO_REUSEPORT)" : ""),
                loops.transport().kind() + (loops.owned() ? " (" + l.concurrency().threads() + " own event-loop "
                        + "threads)" : ""));
    }

    /** How many sockets the listener binds for {@code protocol} on its transport. */
    private int sockets(Protocol protocol) {
        return loops.transport().reusePort() != null ? Math.max(1, protocol.datagramChannels()) : 1;
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

    /** The bound datagram channels, all on one port. */
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public ListenerGeneration generation() {
        return generation.get();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    @Override
    public int openConnections() {
        return 0;
    }

    /** The same model and sharing, and as many sockets: the bound sockets take the new pipelines. */
    @Override
    public boolean reloadsInPlace(ListenerConfig next, Protocol protocol) {
        ListenerConfig was = config();
        return next.concurrency().model() == ConcurrencyModel.EVENT_LOOP
                && next.concurrency().equals(was.concurrency())
                && next.provider().socketType() == SocketType.DATAGRAM
                && next.door().reusePort() == was.door().reusePort()
                && sockets(protocol) == channels.size();
    }

    /**
     * A datagram listener that changes its number of sockets binds the new ones beside the old before closing
     * those: both sets are bound with SO_REUSEPORT on the same address, so the port is never unbound.
     */
    @Override
    public boolean bindsAlongside(ListenerConfig next, Protocol protocol) {
        ListenerConfig was = config();
        return next.concurrency().equals(was.concurrency())
                && next.provider().socketType() == SocketType.DATAGRAM
                && (channels.size() > 1 || was.door().reusePort())
                && (sockets(protocol) > 1 || next.door().reusePort());
    }

    /**
     * Puts {@code next} on the bound sockets, which stay bound: on each socket's event loop, between two reads, its
     * pipeline is built again. Datagrams arriving meanwhile wait in the socket's receive buffer, so none is lost.
     * The old generation retires once every socket uses the new one.
     */
    @Override
    public void reload(ListenerGeneration next) {
        ListenerGeneration old = generation.getAndSet(next);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Channel ch : channels) {
            CompletableFuture<Void> swapped = new CompletableFuture<>();
            done.add(swapped);
            ch.eventLoop().execute(() -> {
                try {
                    ChannelPipeline p = ch.pipeline();
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
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> old.retire());
    }

    @Override
    public void stopAccepting(boolean rebinding) {
        generation.get().stopping();
        channels.forEach(c -> c.close().awaitUninterruptibly());
    }

    @Override
    public void drain() {
        // No connections: what was received has been answered on the event loops.
    }

    @Override
    public boolean idle() {
        return true;
    }

    @Override
    public void close() {
        channels.forEach(c -> c.close().awaitUninterruptibly());
        loops.release();
    }
}
