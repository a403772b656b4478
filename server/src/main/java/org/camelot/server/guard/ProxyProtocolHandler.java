package org.camelot.server.guard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.camelot.protocol.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header (v1 or v2, decoded by Netty's {@code HAProxyMessageDecoder} before it), records
 * the real client address for the rest of the pipeline, applies the listener's access rules and limits to it, and
 * steps aside. A connection without a valid header is closed and counted.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final ListenerGuard guard;
    private boolean refused;

    ProxyProtocolHandler(ListenerGuard guard) {
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            // What came with the header of a refused client: the protocol behind must never see it.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetSocketAddress client;
        try {
            client = clientOf(header, ctx);
        } finally {
            header.release();
        }
        if (client != null) {
            ClientAddress.set(ctx.channel(), client);
        }
        InetSocketAddress who = client != null ? client : (InetSocketAddress) ctx.channel().remoteAddress();
        if (!guard.admit(ctx.channel(), who)) {
            // Stays in the pipeline: the header decoder hands on the bytes that followed the header even after
            // the close, and they must be dropped here.
            refused = true;
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    private static InetSocketAddress clientOf(HAProxyMessage header, ChannelHandlerContext ctx) {
        if (header.command() == HAProxyCommand.LOCAL) {
            return null; // the balancer's own health check: the socket peer is the client
        }
        HAProxyProxiedProtocol p = header.proxiedProtocol();
        if (p.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                || p.addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
            return new InetSocketAddress(header.sourceAddress(), header.sourcePort());
        }
        log.debug("{}: PROXY header for {}; keeping the socket peer as the client", ctx.channel().remoteAddress(), p);
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refused = true;
        guard.refused("proxy-header");
        log.info("listener {}: closing {}: no valid PROXY protocol header ({})", guard.listener(),
                ctx.channel().remoteAddress(), cause.getMessage());
        ctx.close();
    }
}
