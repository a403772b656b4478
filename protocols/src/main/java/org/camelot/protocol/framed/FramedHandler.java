package org.camelot.protocol.framed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.camelot.protocol.DrainEvent;

/**
 * Runs a {@link FramedProtocol} on a Netty channel: frames the inbound bytes, writes each reply in order, and flushes
 * once per read batch, so pipelined messages cost one write system call.
 */
public final class FramedHandler extends ChannelInboundHandlerAdapter implements Framer.Sink {

    private final FramedProtocol protocol;
    private final Framer framer;
    private ChannelHandlerContext ctx;
    private byte[] scratch;
    private boolean closing;
    private boolean draining;

    public FramedHandler(FramedProtocol protocol) {
        this.protocol = protocol;
        this.framer = new Framer(protocol.framing());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (closing) {
                return;
            }
            int length = buf.readableBytes();
            if (buf.hasArray()) {
                framer.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), length, this);
            } else {
                if (scratch == null || scratch.length < length) {
                    scratch = new byte[Math.max(length, 2048)];
                }
                buf.getBytes(buf.readerIndex(), scratch, 0, length);
                framer.feed(scratch, 0, length, this);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public boolean frame(byte[] frame) {
        return send(protocol.answer(frame));
    }

    @Override
    public boolean tooLong() {
        return send(protocol.tooLong(String.valueOf(ctx.channel().remoteAddress())));
    }

    private boolean send(Reply reply) {
        if (reply.bytes().length > 0) {
            ctx.write(Unpooled.wrappedBuffer(reply.bytes()), ctx.voidPromise());
        }
        if (reply.close()) {
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return false;
        }
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        if (draining && !closing && !framer.hasPartialFrame()) {
            closeAfterFlush(ctx);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainEvent.INSTANCE) {
            draining = true;
            if (!framer.hasPartialFrame()) {
                closeAfterFlush(ctx);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void closeAfterFlush(ChannelHandlerContext ctx) {
        closing = true;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
