package org.camelot.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has read and written nothing for the listener's idle timeout, then passes
 * {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} on to the protocol's handlers.
 *
 * <p>Netty's {@code IdleStateHandler} notes each write when it completes, which costs a promise and two listeners per
 * write: for a short question and answer that is most of what a connection allocates. Here a read batch costs one
 * clock read and a field write (a flush outside a read batch the same), nothing per write. A write still waiting in
 * the server when the timer runs counts as activity if it moved since the timer last looked; what the kernel's
 * socket buffer holds is out of sight, so, as with {@code IdleStateHandler}, a client that takes a large answer more
 * slowly than that buffer drains can still be found idle. One timer per connection, rescheduled lazily when it
 * fires.
 */
final class IdleTimeout extends ChannelDuplexHandler implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IdleTimeout.class);

    private final long timeoutNanos;
    private Ticker ticker;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long lastActivity;
    private boolean inReadComplete;
    private boolean started;
    private boolean stopped;
    /** What the outbound buffer held when the timer last ran, to tell a stalled write from a slow one. */
    private long pendingSeen = -1;
    private long progressSeen;

    IdleTimeout(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = ticker.nanoTime();
        // What the protocol flushes while the batch completes is covered by the time just taken.
        inReadComplete = true;
        try {
            ctx.fireChannelReadComplete();
        } finally {
            inReadComplete = false;
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!inReadComplete && ticker != null) {
            lastActivity = ticker.nanoTime();
        }
        ctx.flush();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started || stopped) {
            return;
        }
        started = true;
        this.ctx = ctx;
        ticker = ctx.executor().ticker();
        lastActivity = ticker.nanoTime();
        timer = ctx.executor().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The timer: the handler is its own task, so that scheduling it allocates no lambda. */
    @Override
    public void run() {
        timer = null;
        if (stopped || !ctx.channel().isOpen()) {
            return;
        }
        long now = ticker.nanoTime();
        // A write still waiting for the socket counts as activity once the socket is seen to take some of it.
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        long pending = out == null ? 0 : out.totalPendingWriteBytes();
        boolean watching = pending > 0;
        boolean firstLook = watching && pendingSeen < 0;
        if (watching) {
            long progress = out.currentProgress();
            if (!firstLook && (pending != pendingSeen || progress != progressSeen)) {
                lastActivity = now;
            }
            pendingSeen = pending;
            progressSeen = progress;
        } else {
            pendingSeen = -1;
        }
        long left = lastActivity + timeoutNanos - now;
        if (left > 0 || firstLook) {
            // While a write waits, its progress is looked at every quarter of the timeout: a stalled one is closed
            // within a quarter of the timeout past it.
            long next = watching ? Math.min(left > 0 ? left : timeoutNanos, Math.max(timeoutNanos / 4, 1)) : left;
            timer = ctx.executor().schedule(this, next, TimeUnit.NANOSECONDS);
            return;
        }
        log.debug("{}: idle timeout, closing", ctx.channel().remoteAddress());
        if (watching) {
            // A write the client stopped taking never completes: a lingering close, which waits for it, would keep
            // the connection open for good.
            LingeringClose.closeNow(ctx.channel());
        } else {
            ctx.close();
        }
        ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }
}
