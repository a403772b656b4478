package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.logging.ByteBufFormat;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.framed.FramedHandler;
import org.camelot.server.concurrency.ModelServers;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.guard.ListenerGuard;
import org.camelot.server.metrics.ConnectionMetrics;
import org.camelot.server.tls.HandshakeLogger;

/**
 * Builds each accepted connection's pipeline, top to bottom: the door (PROXY protocol header, access rules,
 * connection limits), traffic shaping, TLS (when configured) and its handshake log, the wiretap, the idle timeout,
 * then the protocol's own handlers and a last handler for what they leave unhandled.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {

    private final ListenerConfig config;
    private final Protocol protocol;
    private final ChannelGroup connections;
    private final HandshakeLogger handshakeLogger;
    private final LoggingHandler wiretap;
    private final ListenerGuard guard;
    private final ChannelHandler trafficShaping;
    private final ConnectionMetrics metrics;

    /** @param trafficShaping the daemon's shared traffic shaping handler, or {@code null} */
    ConnectionInitializer(ListenerConfig config, Protocol protocol, ChannelGroup connections, ListenerGuard guard,
                          ChannelHandler trafficShaping, MeterRegistry meters) {
        this.config = config;
        this.protocol = protocol;
        this.connections = connections;
        this.guard = guard;
        this.trafficShaping = trafficShaping;
        this.handshakeLogger = new HandshakeLogger(config.name(), meters);
        this.metrics = new ConnectionMetrics(config.name(), meters);
        this.wiretap = config.wiretap()
                ? new LoggingHandler("camelot.wiretap." + config.name(), LogLevel.INFO, ByteBufFormat.HEX_DUMP)
                : null;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        if (protocol.servesDuringDrain()) {
            ch.attr(CamelotServer.SERVES_DURING_DRAIN).set(true);
        }
        ChannelPipeline p = ch.pipeline();
        p.addLast("metrics", metrics);
        guard.install(ch);
        if (trafficShaping != null) {
            p.addLast("traffic-shaping", trafficShaping);
        }
        if (config.isTls()) {
            p.addLast("tls", config.sslContext().newHandler(ch.alloc()));
            p.addLast("tls-handshake", handshakeLogger);
        }
        if (wiretap != null) {
            p.addLast("wiretap", wiretap);
        }
        long idle = config.idleTimeout().toNanos();
        p.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.NANOSECONDS));
        p.addLast("idle-close", IdleCloser.INSTANCE);
        if (config.work().any()) {
            // Simulated work runs inside the framed logic, on the event loop, as a slow handler would.
            p.addLast(config.provider().name(), new FramedHandler(ModelServers.framedLogic(config, protocol)));
        } else {
            protocol.initChannel(ch);
        }
        p.addLast("unhandled", new UnhandledExceptionLogger(config.name()));
    }
}
