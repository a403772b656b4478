package org.camelot.protocol.http.h3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;

/**
 * Ends a request stream with the last HTTP/3 frame of its answer: placed before the HTTP/3 codec (nearer the
 * socket), it turns the bytes of the next frame written after {@link #arm()} into a QUIC STREAM frame with FIN.
 *
 * <p>Why not {@code shutdownOutput()} after the last write: that sends FIN alone, in a STREAM frame of its own once
 * the data went out. quiche counts a stream's sending side complete when its data is acknowledged, FIN or not, and
 * forgets a complete stream; a lost FIN-only frame is then never sent again, and the client, which has every byte,
 * waits for the end of the stream until it gives up. Seen under load, where bursts overflow a client's UDP buffer.
 * With FIN on the frame that carries the last bytes, a loss resends both.
 */
final class FinWithLastFrame extends ChannelOutboundHandlerAdapter {

    private boolean armed;

    /** The next frame the codec writes ends the stream. */
    void arm() {
        armed = true;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (armed && msg instanceof ByteBuf b) {
            armed = false;
            ctx.write(new DefaultQuicStreamFrame(b, true), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
