package org.camelot.protocol.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Handles the datagrams of one socket of a {@code udp} listener: drops what is over the size or rate limit (counted,
 * and logged at a bounded rate), then logs, echoes or upper-cases the rest. Replies go to the sender, are never
 * larger than the request, and are flushed once per read batch.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {

    private final UdpProtocol listener;
    private final UdpMode mode;
    private final int maxDatagramSize;
    private final UdpCounters counters;

    UdpHandler(UdpProtocol listener) {
        this.listener = listener;
        this.mode = listener.settings().mode();
        this.maxDatagramSize = listener.settings().maxDatagramSize();
        this.counters = listener.counters();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handle(ctx, packet.content(), packet.sender());
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    private void handle(ChannelHandlerContext ctx, ByteBuf content, InetSocketAddress sender) {
        int size = content.readableBytes();
        if (size > maxDatagramSize) {
            counters.countOversize();
            listener.oversizeWarning().warn("listener " + listener.name() + ": datagram from " + display(sender)
                    + " dropped: over max-datagram-size " + maxDatagramSize + " bytes", System.nanoTime());
            return;
        }
        SourceRateLimiter limiter = listener.rateLimiter();
        if (limiter != null) {
            SourceRateLimiter.Verdict verdict = limiter.tryAcquire(sender.getAddress(), System.nanoTime());
            if (verdict != SourceRateLimiter.Verdict.ACCEPTED) {
                counters.countRateLimited();
                listener.rateLimitWarning().warn("listener " + listener.name() + ": datagram from "
                        + display(sender) + " dropped: " + (verdict == SourceRateLimiter.Verdict.OVER_RATE
                        ? "over rate-limit " + listener.settings().rateLimit() + "/s"
                        : "rate-limit-sources " + listener.settings().rateLimitSources() + " all active"),
                        System.nanoTime());
                return;
            }
        }
        counters.countReceived(size);
        switch (mode) {
            case LOG -> {
                counters.countLogged();
                if (listener.datagramLog().isInfoEnabled()) {
                    listener.datagramLog().info("client {} sent \"{}\"", display(sender), EscapedText.escape(
                            ByteBufUtil.getBytes(content, content.readerIndex(), size, false)));
                }
            }
            case ECHO -> reply(ctx, content.retainedDuplicate(), sender);
            case UPPER -> {
                byte[] bytes = ByteBufUtil.getBytes(content, content.readerIndex(), size, false);
                reply(ctx, Unpooled.wrappedBuffer(UpperCaseText.upperCase(bytes, 0, bytes.length)), sender);
            }
        }
    }

    private void reply(ChannelHandlerContext ctx, ByteBuf answer, InetSocketAddress sender) {
        if (!ctx.channel().isWritable()) {
            answer.release();
            counters.countReplyDropped();
            listener.replyWarning().warn("listener " + listener.name() + ": reply to " + display(sender)
                    + " dropped: the socket's send queue is full", System.nanoTime());
            return;
        }
        int size = answer.readableBytes();
        ctx.write(new DatagramPacket(answer, sender)).addListener(f -> {
            if (f.isSuccess()) {
                counters.countReply(size);
            } else {
                counters.countReplyError();
                listener.replyWarning().warn("listener " + listener.name() + ": reply to " + display(sender)
                        + " failed: " + f.cause(), System.nanoTime());
            }
        });
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    /** A receive error must not close the socket: it serves every other sender too. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        listener.socketWarning().warn("listener " + listener.name() + ": socket error: " + cause, System.nanoTime());
    }

    /** {@code 192.168.0.13:53211}, {@code [::1]:53211}. */
    static String display(InetSocketAddress address) {
        String host = address.getAddress() != null ? NetUtil.toAddressString(address.getAddress())
                : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
