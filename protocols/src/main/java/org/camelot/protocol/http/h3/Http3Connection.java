package org.camelot.protocol.http.h3;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.concurrent.TimeUnit;
import org.camelot.protocol.DrainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QUIC connection's HTTP/3 life: it counts the connection and its request streams, and on a drain
 * ({@link DrainEvent}) sends GOAWAY (RFC 9114 5.2) naming the first stream it will not serve, lets the streams it
 * has finish, then closes the connection with H3_NO_ERROR once what they sent has been delivered.
 */
final class Http3Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http3Connection.class);
    private static final long QUIET_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Http3Meters meters;
    private ChannelHandlerContext ctx;
    private int open;
    private long nextStreamId;
    private boolean established;
    private boolean draining;
    private boolean counted;
    private boolean closing;
    private long lastSent = -1;

    Http3Connection(Http3Meters meters) {
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        meters.opened();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        established = true;
        ctx.fireChannelActive();
    }

    /** A request stream of this connection opened; runs on the connection's event loop. */
    void streamOpened(QuicStreamChannel stream) {
        meters.stream();
        open++;
        nextStreamId = Math.max(nextStreamId, stream.streamId() + 4);
        stream.closeFuture().addListener(f -> {
            open--;
            if (draining && open == 0) {
                closeWhenDelivered();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DrainEvent.INSTANCE) {
            drain();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        QuicStreamChannel control = Http3.getLocalControlStream(ctx.channel());
        if (control != null && control.isActive()) {
            control.writeAndFlush(new DefaultHttp3GoAwayFrame(nextStreamId)).addListener(f -> {
                if (!f.isSuccess()) {
                    log.debug("{}: GOAWAY not sent: {}", ctx.channel(), String.valueOf(f.cause()));
                }
            });
        }
        if (open == 0) {
            closeWhenDelivered();
        }
    }

    /**
     * Closes the connection once the server has had nothing to send for a while. A stream is done when its last
     * bytes are in the QUIC stack, not when the client has them, and closing a QUIC connection drops what is not yet
     * acknowledged; once everything is acknowledged the server sends nothing more (acknowledgements alone elicit
     * none), so a quiet period of a few round trips means the answers arrived. The drain timeout bounds the wait.
     */
    private void closeWhenDelivered() {
        if (!closing) {
            closing = true;
            checkQuiet();
        }
    }

    private void checkQuiet() {
        QuicChannel quic = (QuicChannel) ctx.channel();
        if (!quic.isActive()) {
            return;
        }
        quic.collectPathStats(0).addListener(f -> {
            if (!f.isSuccess()) {
                close();
                return;
            }
            QuicConnectionPathStats stats = (QuicConnectionPathStats) f.getNow();
            if (stats.sent() == lastSent) {
                close();
                return;
            }
            lastSent = stats.sent();
            long quiet = Math.min(QUIET_MAX_NANOS, Math.max(QUIET_MIN_NANOS, 3 * stats.rtt()));
            ctx.executor().schedule(this::checkQuiet, quiet, TimeUnit.NANOSECONDS);
        });
    }

    private void close() {
        ((QuicChannel) ctx.channel()).close(true, (int) Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed handshake or a peer's protocol error: the codec closes the connection; it is counted there
        log.debug("{}: {}", ((QuicChannel) ctx.channel()).remoteSocketAddress(), cause.toString());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!counted) {
            counted = true;
            ((QuicChannel) ctx.channel()).collectStats().addListener(f -> meters.closed(established,
                    f.isSuccess() ? ((io.netty.handler.codec.quic.QuicConnectionStats) f.getNow()).lost() : 0));
        }
        ctx.fireChannelInactive();
    }
}
