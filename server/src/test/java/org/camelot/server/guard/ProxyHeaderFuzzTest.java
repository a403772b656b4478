package org.camelot.server.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.camelot.protocol.ClientAddress;

/**
 * The start of a connection on a listener with {@code proxy-protocol: true}, set up as the server sets it up
 * ({@link ListenerGuard#install}): whatever the bytes and however they are split, nothing escapes as an exception,
 * no buffer leaks, and the connection either is closed or has had a whole PROXY v1 or v2 header taken off, every
 * byte after it passed on unchanged to the protocol behind.
 *
 * <p>A seed is the bytes the balancer sends followed by one byte read from the end: the size of each read.
 */
class ProxyHeaderFuzzTest {

    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 43210);

    private final ListenerGuard guard = new ListenerGuard("fuzz", List.of(), List.of("192.0.2.0/24"), 1000, 1000,
            true, new SimpleMeterRegistry());

    @FuzzTest(maxDuration = "5m")
    void headersAreTakenOffOrTheConnectionClosed(FuzzedDataProvider data) {
        int readSize = data.consumeInt(1, 256);
        byte[] input = data.consumeRemainingAsBytes();
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Peer channel = new Peer(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setAllocator(alloc);
                guard.install(ch);
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        try {
                            passed.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(b));
                        } finally {
                            b.release();
                        }
                    }
                });
            }
        });
        try {
            for (int at = 0; at < input.length && channel.isOpen(); at += readSize) {
                int n = Math.min(readSize, input.length - at);
                channel.writeInbound(alloc.buffer(n).writeBytes(input, at, n));
                channel.runPendingTasks();
            }
            channel.checkException();
            if (channel.isOpen() && channel.pipeline().get("proxy-client") == null) {
                int end = headerEnd(input);
                assertTrue(end > 0 && end <= input.length, "a header was taken off: " + describe(input));
                assertArrayEquals(Arrays.copyOfRange(input, end, input.length), passed.toByteArray(),
                        "the bytes after the header: " + describe(input));
                assertTrue(ClientAddress.of(channel) instanceof InetSocketAddress);
            } else {
                assertEquals(0, passed.size(), "nothing passes before a header: " + describe(input));
            }
        } finally {
            channel.finishAndReleaseAll();
            long used = alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
            if (used != 0) {
                throw new AssertionError(used + " bytes of buffers not released: " + describe(input));
            }
        }
    }

    /** Where a complete header ends, as the PROXY protocol specification frames it; -1 for none. */
    private static int headerEnd(byte[] input) {
        if (input.length >= 16 && Arrays.equals(Arrays.copyOf(input, 12), V2)) {
            return 16 + ((input[14] & 0xff) << 8 | input[15] & 0xff);
        }
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int crlf = text.indexOf("\r\n");
        return text.startsWith("PROXY ") && crlf > 0 ? crlf + 2 : -1;
    }

    private static String describe(byte[] input) {
        return io.netty.buffer.ByteBufUtil.hexDump(input, 0, Math.min(input.length, 200));
    }

    /** A connection from the balancer, as a socket would have it: an IPv4 peer. */
    private static final class Peer extends EmbeddedChannel {
        Peer(ChannelInitializer<Channel> init) {
            super(init);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return BALANCER;
        }
    }
}
