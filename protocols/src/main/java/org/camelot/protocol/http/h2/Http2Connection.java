package org.camelot.protocol.http.h2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.DrainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection's life, above the codec and its streams: it counts the open streams, closes the connection
 * with GOAWAY once it has had none for the keep-alive timeout, and on {@link DrainEvent} sends GOAWAY (with the
 * last stream it accepted, so the client knows what will still be answered), lets the open streams finish, then
 * closes. The codec is built with close and GOAWAY decoupled, so that a forced close stays immediate.
 *
 * <p>The close after GOAWAY lingers, as nginx's does: a client may have sent a new stream before the GOAWAY
 * reached it, and closing a socket with unread bytes makes the kernel reset the connection, which the client may
 * see before the GOAWAY that tells it to retry elsewhere. So the connection is closed when the client closes it,
 * or {@link #LINGER_NANOS} after the last stream ended (frames read meanwhile are handled, new streams ignored).
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);

    static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private int open;
    private boolean goingAway;
    private ScheduledFuture<?> idle;

    Http2Connection(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        armIdle();
    }

    /** A client opened a stream (the stream channel exists). */
    void streamOpened(Channel stream) {
        open++;
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
        stream.closeFuture().addListener(f -> streamClosed());
    }

    private void streamClosed() {
        open--;
        if (open == 0) {
            if (goingAway) {
                closeSoon();
            } else {
                armIdle();
            }
        }
    }

    private void armIdle() {
        if (idle == null && !goingAway && ctx.channel().isActive()) {
            idle = ctx.executor().schedule(() -> {
                idle = null;
                if (open == 0) {
                    goAway();
                }
            }, idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE) {
            goAway();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Sends GOAWAY (NO_ERROR) once, and closes now if no stream is open, else when the last one closes. */
    private void goAway() {
        if (goingAway || !ctx.channel().isActive()) {
            return;
        }
        goingAway = true;
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            } else if (open == 0) {
                closeSoon();
            }
        });
    }

    private void closeSoon() {
        ctx.executor().schedule(() -> {
            ctx.close();
        }, LINGER_NANOS, TimeUnit.NANOSECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
            // the codec answers it (GOAWAY or RST_STREAM) and closes what must be closed
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
        ctx.fireChannelInactive();
    }
}
