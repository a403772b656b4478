package org.camelot.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Closes an idle connection of a draining server once nothing has moved on it for a moment ({@link #QUIET_MILLIS}).
 *
 * <p>A connection that was quiet that long is closed as soon as the drain starts. One that answered a moment ago
 * probably has its client's next request on the wire already: closing it at once would cross that request, which
 * would then be lost. So it stays open until it has been quiet that long, and a request that arrives meanwhile is
 * answered as the last one (HTTP with {@code Connection: close}), after which the protocol closes the connection.
 * A protocol calls {@link #activity()} when it reads or finishes writing, and {@link #drain()} on {@link DrainEvent}
 * and after each answer it sends while draining. Runs on the channel's event loop only.
 */
public final class QuietDrain {

    /** How long a connection must have been quiet to be closed by a drain. */
    public static final long QUIET_MILLIS = 250;
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);

    private final BooleanSupplier idle;
    private final Runnable close;
    private ChannelHandlerContext ctx;
    private Ticker ticker = Ticker.systemTicker();
    private long lastActivity;
    private boolean draining;
    private ScheduledFuture<?> check;

    /**
     * @param idle  whether the connection holds nothing: no request in hand, none partly read, no answer unsent
     * @param close closes the connection (the protocol's own way, so that its state says closing)
     */
    public QuietDrain(BooleanSupplier idle, Runnable close) {
        this.idle = idle;
        this.close = close;
    }

    /** Call from {@code handlerAdded}. */
    public void attach(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        this.lastActivity = ticker.nanoTime();
    }

    /** Something was read or written. */
    public void activity() {
        lastActivity = ticker.nanoTime();
    }

    /** Whether {@link #drain()} was called. */
    public boolean draining() {
        return draining;
    }

    /** The server drains, or an answer went out while it drains: close now if idle and quiet, else look again later. */
    public void drain() {
        draining = true;
        if (check == null) {
            look();
        }
    }

    /**
     * How long ago the kernel last received data on the connection (TCP_INFO, epoll only), or -1 when unknown. Read
     * just before the close, it leaves a window of microseconds, where the connection's own reads leave the time
     * the event loop spends on other connections.
     */
    private static long kernelQuietMillis(Channel channel) {
        if (channel instanceof EpollSocketChannel epoll && epoll.isActive()) {
            try {
                return epoll.tcpInfo().lastDataRecv();
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return -1;
    }

    private void look() {
        check = null;
        if (ctx == null || !ctx.channel().isActive() || !idle.getAsBoolean()) {
            return; // busy: the protocol closes after its last answer, or calls drain() again
        }
        long wait = lastActivity + QUIET_NANOS - ticker.nanoTime();
        if (wait <= 0) {
            long kernelQuiet = kernelQuietMillis(ctx.channel());
            if (kernelQuiet >= 0 && kernelQuiet < QUIET_MILLIS) {
                // The kernel received bytes more recently than this connection read any: a request is on its way
                // in, and a FIN now would cross it. Look again once it has been read.
                check = ctx.executor().schedule(this::look, Math.max(1, QUIET_MILLIS - kernelQuiet),
                        TimeUnit.MILLISECONDS);
                return;
            }
            close.run();
        } else {
            check = ctx.executor().schedule(this::look, wait, TimeUnit.NANOSECONDS);
        }
    }
}
