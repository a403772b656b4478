package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.SocketType;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.config.ConcurrencySettings;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.metrics.ConnectionMetrics;
import org.camelot.server.tls.ListenerCertificates;
import org.camelot.server.tls.ServerTlsContexts;
import org.camelot.server.transport.Transport;

/**
 * Makes listeners: a generation (configuration, protocol, door) for each configuration, and the kind of listener
 * that serves it (event-loop TCP, UDP, or a concurrency model's server), bound.
 */
final class ListenerBinder {

    private final Transport transport;
    private final EventLoopGroup group;
    private final Supplier<ChannelHandler> trafficShaping;
    private final MeterRegistry meters;
    /** Per listener name, so that a listener's meters carry on across reloads. */
    private final Map<String, ConnectionMetrics> metrics = new ConcurrentHashMap<>();

    ListenerBinder(Transport transport, EventLoopGroup group, Supplier<ChannelHandler> trafficShaping,
                   MeterRegistry meters) {
        this.transport = transport;
        this.group = group;
        this.trafficShaping = trafficShaping;
        this.meters = meters;
    }

    /**
     * A new generation of {@code l}: its protocol, its certificates ({@code null} for cleartext) and its door
     * (access rules, limits), built once here and applied by whatever kind of listener serves it; the previous door
     * when the rules did not change, so that its count of open connections carries on.
     */
    ListenerGeneration generation(ListenerConfig l, Protocol protocol, ListenerCertificates certificates,
                                  ListenerGeneration previous) {
        ListenerConfig.Door door = l.door();
        ListenerGuard guard = previous != null && previous.config().door().equals(door) ? previous.guard()
                : new ListenerGuard(l.name(), door.allow(), door.deny(), door.maxConnections(),
                        door.maxConnectionsPerClient(), door.proxyProtocol(), meters);
        return new ListenerGeneration(l, protocol, guard, certificates);
    }

    Listener bind(CamelotConfig config, ListenerGeneration generation) throws StartupException {
        return bind(config, generation, generation.config().address());
    }

    /** Binds {@code generation} at {@code address} (the configured one, or the port a listener holds already). */
    Listener bind(CamelotConfig config, ListenerGeneration generation, InetSocketAddress at) throws StartupException {
        Listener listener = create(config, generation);
        listener.bind(at);
        return listener;
    }

    /** The kind of listener that serves {@code generation}, not bound yet. */
    private Listener create(CamelotConfig config, ListenerGeneration generation) throws StartupException {
        ListenerConfig l = generation.config();
        if (l.concurrency().model() != ConcurrencyModel.EVENT_LOOP) {
            return new ModelListener(config, generation);
        }
        EventLoops loops = eventLoops(config, l);
        if (l.provider().socketType() == SocketType.DATAGRAM) {
            return new DatagramListener(generation, loops);
        }
        return new StreamListener(generation, loops, trafficShaping,
                metrics.computeIfAbsent(l.name(), n -> new ConnectionMetrics(n, meters)), meters);
    }

    /** The daemon's event loops, or the listener's own ({@code concurrency: {threads: N}}). */
    private EventLoops eventLoops(CamelotConfig config, ListenerConfig l) throws StartupException {
        ConcurrencySettings concurrency = l.concurrency();
        if (!concurrency.ownEventLoops()) {
            return new EventLoops(transport, group, false);
        }
        Transport own;
        try {
            own = Transport.resolve(Objects.requireNonNullElse(concurrency.transport(), config.transport()));
        } catch (IllegalStateException e) {
            throw new StartupException("listener " + l.name() + ": " + e.getMessage(), e);
        }
        return new EventLoops(own, own.newGroup(concurrency.threads(), "camelot-" + l.name()), true);
    }

    /** Why a listener could not bind, in one line: its name, what it bound, where, and the system's reason. */
    static StartupException bindFailure(ListenerConfig l, String what, InetSocketAddress address, String serving,
                                        Exception e) {
        if (e instanceof StartupException s) {
            return s;
        }
        return new StartupException("listener " + l.name() + ": cannot bind " + what + " " + display(address)
                + (serving != null ? " for " + serving : "") + ": " + String.valueOf(e.getMessage())
                .replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", ""), e);
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
    static ChannelOption<Boolean> reusePort(Transport transport) {
        return transport.reusePort() != null ? transport.reusePort()
                : NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
    }

    static String display(InetSocketAddress a) {
        String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
