package org.camelot.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one listener's connections (open now, and in total) and the bytes that cross its sockets in each direction,
 * as they are on the wire (TLS records included). Shared by every connection of the listener.
 */
@ChannelHandler.Sharable
public final class ConnectionMetrics extends ChannelDuplexHandler {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter total;
    private final Counter bytesIn;
    private final Counter bytesOut;

    public ConnectionMetrics(String listener, MeterRegistry meters) {
        Gauge.builder("camelot.connections.open", open, AtomicInteger::get).tag("listener", listener)
                .description("Connections open now").register(meters);
        total = Counter.builder("camelot.connections").tag("listener", listener)
                .description("Connections accepted").register(meters);
        bytesIn = Counter.builder("camelot.bytes.received").tag("listener", listener).baseUnit("bytes")
                .description("Bytes read from connections").register(meters);
        bytesOut = Counter.builder("camelot.bytes.sent").tag("listener", listener).baseUnit("bytes")
                .description("Bytes written to connections").register(meters);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        open.incrementAndGet();
        total.increment();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Every connection that became active becomes inactive once; a close future listener would cost an object
        // per connection.
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            bytesIn.increment(b.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        long size = msg instanceof ByteBuf b ? b.readableBytes()
                : msg instanceof ByteBufHolder h ? h.content().readableBytes()
                : msg instanceof FileRegion r ? r.count() - r.transferred() : 0;
        if (size > 0) {
            bytesOut.increment(size);
        }
        super.write(ctx, msg, promise);
    }

    public int open() {
        return open.get();
    }
}
