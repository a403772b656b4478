package org.camelot.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection: logs an exception no protocol handler dealt with and closes that connection
 * alone, and releases any message that reached the end of the pipeline. Stateless: one instance serves every
 * connection of a listener.
 */
@ChannelHandler.Sharable
final class UnhandledExceptionLogger extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UnhandledExceptionLogger.class);

    private final String listener;

    UnhandledExceptionLogger(String listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("listener {}: {}: {}", listener, ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("listener {}: closing {} after an unhandled error", listener, ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
