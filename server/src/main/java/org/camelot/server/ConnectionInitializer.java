package org.camelot.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.logging.ByteBufFormat;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.logging.LoggingHandler;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.camelot.server.config.ListenerConfig;
import org.camelot.server.metrics.ConnectionMetrics;
import org.camelot.server.tls.HandshakeLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each accepted connection's pipeline, top to bottom: the lingering close, metrics, the door (PROXY protocol header, access rules,
 * connection limits), traffic shaping, TLS (when configured) and its handshake log, the wiretap, the idle timeout,
 * then the protocol's own handlers and a last handler for what they leave unhandled. Each connection is built from
 * the listener's current generation, so a reload changes what new connections get.
 *
 * <p>Not a {@code ChannelInitializer}: that one records every channel it initialises in a concurrent map shared by
 * the listener's event loops, in case it is called twice for one channel. A server's child handler is added before
 * the channel is registered, so {@code handlerAdded} runs once, on the channel's loop, when it is registered; this
 * handler builds the pipeline there and takes itself out.
 */
@ChannelHandler.Sharable
final class ConnectionInitializer extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionInitializer.class);

    private final String listener;
    private final AtomicReference<ListenerGeneration> generation;
    /** The listener's open connections, which a drain reaches. */
    private final ChannelGroup connections;
    private final Supplier<ChannelHandler> trafficShaping;
    private final HandshakeLogger handshakeLogger;
    private final ConnectionMetrics metrics;
    private final LoggingHandler wiretap;
    private final UnhandledExceptionLogger unhandled;

    /** @param trafficShaping the daemon's shared traffic shaping handler, or {@code null} when there is none */
    ConnectionInitializer(String listener, AtomicReference<ListenerGeneration> generation, ChannelGroup connections,
                          Supplier<ChannelHandler> trafficShaping, ConnectionMetrics metrics, MeterRegistry meters) {
        this.listener = listener;
        this.generation = generation;
        this.connections = connections;
        this.trafficShaping = trafficShaping;
        this.metrics = metrics;
        this.handshakeLogger = new HandshakeLogger(listener, meters);
        this.wiretap = new LoggingHandler("camelot.wiretap." + listener, LogLevel.INFO, ByteBufFormat.HEX_DUMP);
        this.unhandled = new UnhandledExceptionLogger(listener);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!ctx.channel().isRegistered()) {
            return; // built at channelRegistered
        }
        build(ctx);
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        build(ctx);
        ctx.pipeline().fireChannelRegistered(); // from the head, so that the handlers just added see it
    }

    private void build(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;
        }
        try {
            initChannel(ctx.channel());
        } catch (Throwable t) {
            log.warn("listener {}: cannot set up a connection from {}", listener, ctx.channel().remoteAddress(), t);
            ctx.close();
        } finally {
            if (!ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }
    }

    private void initChannel(Channel ch) {
        ListenerGeneration gen = generation.get();
        ListenerConfig config = gen.config();
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        LingeringClose.install(ch, gen);
        p.addLast("metrics", metrics);
        gen.guard().install(ch);
        ChannelHandler shaping = trafficShaping.get();
        if (shaping != null) {
            p.addLast("traffic-shaping", shaping);
        }
        if (config.isTls()) {
            p.addLast("tls", gen.certificates().newHandler()); // becomes the SslHandler for the client's name
            p.addLast("tls-handshake", handshakeLogger);
        }
        if (config.wiretap()) {
            p.addLast("wiretap", wiretap);
        }
        p.addLast("idle", new IdleTimeout(config.idleTimeout().toNanos()));
        gen.protocol().initChannel(ch);
        p.addLast("unhandled", unhandled);
    }
}
