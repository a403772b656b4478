package org.camelot.client.bench.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.ExchangeHandler;

/**
 * Carries out a scripted operation: sends each request, checks the reply byte by byte against the expected one (up
 * to and including its delimiter), then sends the next. Nothing is buffered: a reply that differs fails the operation
 * at its first wrong byte.
 */
final class ScriptHandler extends ExchangeHandler {

    private final List<byte[]> requests;
    private final List<byte[]> replies;
    private int step;
    private int matched;
    private long sentAt;

    ScriptHandler(List<byte[]> requests, List<byte[]> replies) {
        this.requests = requests;
        this.replies = replies;
    }

    @Override
    protected void start() {
        step = 0;
        send();
    }

    private void send() {
        matched = 0;
        sentAt = System.nanoTime();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(requests.get(step)), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof ByteBuf buf) || operation() == null) {
                return;
            }
            while (buf.isReadable() && operation() != null) {
                byte[] expected = replies.get(step);
                byte b = buf.readByte();
                if (b != expected[matched]) {
                    fail(ErrorKinds.WRONG_ANSWER);
                    ctx.close();
                    return;
                }
                if (++matched == expected.length) {
                    operation().exchanged(System.nanoTime() - sentAt);
                    if (++step == requests.size()) {
                        succeed();
                        return;
                    }
                    send();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
