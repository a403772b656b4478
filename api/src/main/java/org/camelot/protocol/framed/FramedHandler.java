package org.camelot.protocol.framed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import org.camelot.protocol.ClientAddress;
import org.camelot.protocol.DrainEvent;

/**
 * Runs a {@link FramedProtocol} on a Netty channel: frames the inbound bytes, gathers the replies to everything one
 * read batch brought into one buffer, and writes and flushes it once, so a question costs one read and one write
 * system call however the questions were split or coalesced. When the peer does not read its replies, reading stops
 * until the outbound buffer drains below the channel's low-water mark, so memory stays bounded.
 */
public final class FramedHandler extends ChannelInboundHandlerAdapter implements Framer.Sink {

    /** Direct (native) reads are framed in a per-thread array; frames never outlive the read that made them. */
    private static final FastThreadLocal<byte[][]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[][] initialValue() {
            return new byte[][] {new byte[2048]};
        }
    };

    /** Past this many reply bytes in one read batch, they are handed to the channel without waiting for its end. */
    private static final int MAX_GATHERED = 64 * 1024;

    private final FramedProtocol protocol;
    private final Framer framer;
    private ChannelHandlerContext ctx;
    private ByteBuf out;
    private boolean unflushed;
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (out != null) {
            out.release();
            out = null;
        }
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
                byte[][] holder = SCRATCH.get();
                if (holder[0].length < length) {
                    holder[0] = new byte[Math.max(length, holder[0].length * 2)];
                }
                byte[] scratch = holder[0];
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
    public boolean frame(byte[] bytes, int offset, int length) {
        return send(protocol.answer(bytes, offset, length));
    }

    @Override
    public boolean tooLong() {
        return send(protocol.tooLong(String.valueOf(ClientAddress.of(ctx.channel()))));
    }

    private boolean send(Reply reply) {
        byte[] bytes = reply.bytes();
        if (bytes.length > 0) {
            if (out == null) {
                out = ctx.alloc().directBuffer(Math.max(bytes.length, 256));
            }
            out.writeBytes(bytes);
            if (out.readableBytes() >= MAX_GATHERED) {
                ctx.write(out, ctx.voidPromise());
                out = null;
                unflushed = true;
            }
        }
        if (reply.close()) {
            closeAfterFlush(ctx);
            return false;
        }
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (out != null) {
            ctx.write(out, ctx.voidPromise());
            out = null;
            unflushed = true;
        }
        // A read that completed no message (half a question) wrote nothing: no flush to run through the pipeline.
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        if (!ctx.channel().isWritable()) {
            // The peer is not reading its replies: stop reading its questions until it catches up.
            ctx.channel().config().setAutoRead(false);
        }
        if (draining && !closing && !framer.hasPartialFrame()) {
            closeAfterFlush(ctx);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
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
        if (closing) {
            return;
        }
        closing = true;
        ByteBuf last = out != null ? out : Unpooled.EMPTY_BUFFER;
        out = null;
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }
}
