package org.camelot.protocol.http.h3;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import org.camelot.protocol.DrainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QUIC connection's HTTP/3 life: it counts the connection and its request streams, and on a drain
 * ({@link DrainEvent}) sends GOAWAY (RFC 9114 5.2) naming the first stream it will not serve, lets the streams it
 * has finish, then closes the connection with H3_NO_ERROR.
 */
final class Http3Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http3Connection.class);

    private final Http3Meters meters;
    private ChannelHandlerContext ctx;
    private int open;
    private long nextStreamId;
    private boolean established;
    private boolean draining;
    private boolean counted;

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
                close();
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
            close();
        }
    }

    private void close() {
        ((QuicChannel) ctx.channel()).close(true, (int) Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
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
