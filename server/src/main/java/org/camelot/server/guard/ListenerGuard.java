package org.camelot.server.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of one listener: PROXY protocol decoding, access rules and connection limits, put at the head of each
 * connection's pipeline, or applied by a blocking listener as it accepts a socket ({@link #admit(InetSocketAddress)}).
 * One guard serves a listener's generations as long as its rules do not change, so its counts of open connections
 * carry over a reload. Every refusal is counted ({@code camelot.connections.refused}, tagged with the listener and
 * the reason: {@code access}, {@code max-connections}, {@code max-connections-per-client}, {@code proxy-header}).
 */
public final class ListenerGuard {

    private static final Logger log = LoggerFactory.getLogger(ListenerGuard.class);

    private final String listener;
    private final AccessRules rules;
    private final ConnectionLimits limits;
    private final boolean proxyProtocol;
    private final MeterRegistry meters;
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final ChannelHandler limitsHandler = new LimitsHandler();

    public ListenerGuard(String listener, List<String> allow, List<String> deny, int maxConnections,
                         int maxPerClient, boolean proxyProtocol, MeterRegistry meters) {
        this.listener = listener;
        this.meters = meters;
        this.rules = AccessRules.of(allow, deny, () -> refused("access"));
        this.limits = new ConnectionLimits(maxConnections, maxPerClient);
        this.proxyProtocol = proxyProtocol;
    }

    String listener() {
        return listener;
    }

    /** Adds the guard's handlers at the head of a new connection's pipeline. */
    public void install(Channel ch) {
        if (proxyProtocol) {
            ch.pipeline().addLast("proxy-detect", new ProxyHeaderDetector());
            ch.pipeline().addLast("proxy-protocol", new HAProxyMessageDecoder());
            ch.pipeline().addLast("proxy-client", new ProxyProtocolHandler(this));
            return;
        }
        if (!rules.isEmpty()) {
            ch.pipeline().addLast("access", rules);
        }
        if (!limits.isUnlimited()) {
            ch.pipeline().addLast("limits", limitsHandler);
        }
    }

    /** Adds the access filter to a datagram channel (limits and PROXY headers are for connections). */
    public void installDatagram(Channel ch) {
        if (!rules.isEmpty()) {
            ch.pipeline().addLast("access", new DatagramAccessFilter(rules));
        }
    }

    /**
     * Applies the connection limits to a connection carried in datagrams (QUIC), by its source address; the access
     * rules already filtered its datagrams ({@link #installDatagram}). A refused connection is closed by the caller.
     */
    public boolean admitDatagramConnection(Channel connection, InetSocketAddress client) {
        return limits.isUnlimited() || admitToLimits(connection, client);
    }

    /** Applies access rules and limits to a client known only now (from a PROXY header). */
    boolean admit(Channel ch, InetSocketAddress client) {
        if (!rules.isEmpty() && !rules.allows(client)) {
            log.debug("listener {}: refused {} by the access rules", listener, client);
            return false;
        }
        return admitToLimits(ch, client);
    }

    /**
     * Applies access rules and limits to a connection accepted on a blocking socket, counting a refusal as on event
     * loops.
     *
     * @return {@code null} when admitted (call {@link #release} once it closes), else the refusal reason
     */
    public String admit(InetSocketAddress client) {
        if (!rules.isEmpty() && !rules.allows(client)) { // counted by the rules
            return "access";
        }
        ConnectionLimits.Refusal r = limits.admit(client.getAddress());
        if (r == ConnectionLimits.Refusal.NONE) {
            return null;
        }
        String reason = reason(r);
        refused(reason);
        return reason;
    }

    /** Gives back the slots of a connection admitted by {@link #admit(InetSocketAddress)}, once it has closed. */
    public void release(InetSocketAddress client) {
        limits.release(client.getAddress());
    }

    private static String reason(ConnectionLimits.Refusal r) {
        return r == ConnectionLimits.Refusal.LISTENER_FULL ? "max-connections" : "max-connections-per-client";
    }

    private boolean admitToLimits(Channel ch, InetSocketAddress client) {
        ConnectionLimits.Refusal r = limits.admit(ch, client.getAddress());
        switch (r) {
            case NONE -> {
                return true;
            }
            case LISTENER_FULL -> refused("max-connections");
            case CLIENT_FULL -> refused("max-connections-per-client");
        }
        log.debug("listener {}: refused {}: {}", listener, client, r);
        return false;
    }

    void refused(String reason) {
        refusals.computeIfAbsent(reason, k -> Counter.builder("camelot.connections.refused")
                .description("Connections refused at the door")
                .tag("listener", listener).tag("reason", k).register(meters)).increment();
    }

    /** Refusals so far for {@code reason}. */
    public double refusedCount(String reason) {
        Counter c = refusals.get(reason);
        return c == null ? 0 : c.count();
    }

    @ChannelHandler.Sharable
    private final class LimitsHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.pipeline().remove(this);
            if (admitToLimits(ctx.channel(), (InetSocketAddress) ctx.channel().remoteAddress())) {
                super.channelActive(ctx);
            } else {
                ctx.close();
            }
        }
    }
}
