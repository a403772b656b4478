package org.camelot.protocol.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times a connection. It sits before the request decoder so that it sees every byte: a connection waiting for a
 * request may stay idle for the keep-alive timeout; once a request's first byte arrives, the whole request must
 * be read within the request timeout, however slowly its bytes trickle in. While an answer is being prepared or
 * sent neither applies (the listener's idle timeout still does).
 *
 * <p>One timer at a time per connection, rescheduled lazily as {@link io.netty.handler.timeout.IdleStateHandler}
 * does, so a request costs a field write rather than a scheduled task.
 */
final class ConnectionClock extends ChannelInboundHandlerAdapter {

    /** What a connection does when its time is up. */
    interface Expiry {
        /** A request was started and not finished in time. */
        void requestTimedOut();
    }

    private enum Phase { WAITING, READING, ANSWERING }

    private final long keepAliveNanos;
    private final long requestNanos;
    private Expiry expiry;
    private ChannelHandlerContext ctx;
    private Ticker ticker = Ticker.systemTicker();
    private Phase phase = Phase.WAITING;
    private long since;
    private boolean started;
    private ScheduledFuture<?> timer;
    private long timerDeadline;
    /** Between a read's first {@code channelRead} and its {@code channelReadComplete}. */
    private boolean inRead;
    /** The time read once during the current read, or -1 until it is. */
    private long readNanos = -1;

    ConnectionClock(long keepAliveNanos, long requestNanos) {
        this.keepAliveNanos = keepAliveNanos;
        this.requestNanos = requestNanos;
    }

    void expiry(Expiry expiry) {
        this.expiry = expiry;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        if (ctx.channel().isActive()) {
            waiting();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        waiting();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inRead = true;
        if (phase == Phase.WAITING && msg instanceof ByteBuf b && b.isReadable()) {
            phase = Phase.READING;
            since = now();
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        try {
            ctx.fireChannelReadComplete();
        } finally {
            inRead = false;
            readNanos = -1;
        }
    }

    /**
     * The time, read once per read of the socket: the requests of one read are answered (and their answers mostly
     * flushed) before its {@code channelReadComplete} has passed, microseconds later, and timeouts of seconds do not
     * need a clock reading for each phase of each of them.
     */
    private long now() {
        if (!inRead) {
            return ticker.nanoTime();
        }
        if (readNanos == -1) {
            readNanos = ticker.nanoTime();
        }
        return readNanos;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // taken out when the connection moves to HTTP/2
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        phase = Phase.ANSWERING;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inRead = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    /** Nothing to read or answer: the keep-alive timeout runs from now. */
    void waiting() {
        if (phase != Phase.WAITING || !started) {
            phase = Phase.WAITING;
            since = now();
            started = true;
        }
        arm();
    }

    /** A request is partly read (its body is still coming): the request timeout runs, from now if it was not. */
    void reading() {
        if (phase != Phase.READING) {
            phase = Phase.READING;
            since = now();
            arm();
        }
    }

    /** Every request read has been, or is being, answered. */
    void answering() {
        phase = Phase.ANSWERING;
    }

    /** Makes sure a check runs no later than the current deadline. */
    private void arm() {
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        long deadline = since + limit();
        if (timer != null) {
            if (timerDeadline - deadline <= 0) {
                return;
            }
            timer.cancel(false);
        }
        timerDeadline = deadline;
        timer = ctx.executor().schedule(this::check, Math.max(0, deadline - ticker.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private long limit() {
        return phase == Phase.READING ? requestNanos : keepAliveNanos;
    }

    private void check() {
        timer = null;
        if (phase == Phase.ANSWERING || !ctx.channel().isActive()) {
            return;
        }
        long left = since + limit() - ticker.nanoTime();
        if (left > 0) {
            arm();
        } else if (phase == Phase.READING && expiry != null) {
            expiry.requestTimedOut();
        } else {
            ctx.close();
        }
    }
}
