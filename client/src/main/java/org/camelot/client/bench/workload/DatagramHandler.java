package org.camelot.client.bench.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.camelot.client.bench.run.ErrorKinds;
import org.camelot.client.bench.run.ExchangeHandler;

/**
 * Sends a datagram {@code bench N xxxx...} and waits for the reply with the same N (an echo, or an upper-case echo).
 * A reply to an earlier datagram that timed out is ignored: its operation was already counted.
 */
final class DatagramHandler extends ExchangeHandler {

    private final int size;
    private long sequence;
    private byte[] expected;

    DatagramHandler(int size) {
        this.size = size;
    }

    @Override
    protected void start() {
        sequence++;
        byte[] payload = new byte[Math.max(size, 16)];
        Arrays.fill(payload, (byte) 'x');
        byte[] head = ("bench " + sequence + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, payload, 0, Math.min(head.length, payload.length));
        expected = new String(payload, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(payload), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
            if (content == null || operation() == null) {
                return;
            }
            byte[] reply = new byte[content.readableBytes()];
            content.readBytes(reply);
            String text = new String(reply, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            if (Arrays.equals(text.getBytes(StandardCharsets.US_ASCII), expected)) {
                succeed();
            } else if (!text.startsWith("BENCH " + sequence + " ") && text.startsWith("BENCH ")) {
                return;
            } else {
                fail(ErrorKinds.WRONG_ANSWER);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** An ICMP error (port unreachable) fails the operation; the socket stays usable. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ErrorKinds.of(cause));
    }
}
