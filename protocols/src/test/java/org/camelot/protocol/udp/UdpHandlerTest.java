package org.camelot.protocol.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UdpHandlerTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.168.0.13", 53211);
    private static final InetSocketAddress OTHER = new InetSocketAddress("192.168.0.14", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.168.0.1", 6789);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UdpCounters counters = new UdpCounters(meters, "test");
    private EmbeddedChannel channel;

    private UdpProtocol protocol(UdpMode mode, Integer max, Integer rate, Integer burst) {
        UdpProtocol protocol = new UdpProtocol("test", new UdpSettings(mode, max, 1, null, rate, burst, null), counters);
        channel = new EmbeddedChannel();
        protocol.initChannel(channel);
        return protocol;
    }

    private static DatagramPacket packet(byte[] bytes, InetSocketAddress from) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), SERVER, from);
    }

    private static DatagramPacket packet(String text, InetSocketAddress from) {
        return packet(text.getBytes(StandardCharsets.UTF_8), from);
    }

    /** The next reply's bytes, after checking where it goes. */
    private byte[] reply(InetSocketAddress expectedRecipient) {
        DatagramPacket reply = channel.readOutbound();
        try {
            assertEquals(expectedRecipient, reply.recipient());
            ByteBuf content = reply.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            return bytes;
        } finally {
            reply.release();
        }
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void echoSendsTheBytesBackUnchangedToTheSender() {
        UdpProtocol protocol = protocol(UdpMode.ECHO, null, null, null);
        byte[] binary = HexFormat.of().parseHex("00ff10c0af68690a");
        channel.writeInbound(packet(binary, CLIENT), packet("second", OTHER));
        assertEquals(HexFormat.of().formatHex(binary), HexFormat.of().formatHex(reply(CLIENT)));
        assertEquals("second", new String(reply(OTHER), StandardCharsets.UTF_8));
        assertNull(channel.readOutbound());
        assertEquals(2, protocol.counters().received());
        assertEquals(2, protocol.counters().replies());
        assertEquals(binary.length + 6, protocol.counters().replyBytes());
    }

    @Test
    void upperSendsTheTextBackInUpperCase() {
        UdpProtocol protocol = protocol(UdpMode.UPPER, null, null, null);
        channel.writeInbound(packet("hello, straße!", CLIENT));
        assertEquals("HELLO, STRASSE!", new String(reply(CLIENT), StandardCharsets.UTF_8));
        assertEquals(1, protocol.counters().replies());
    }

    @Test
    void answersAnEmptyDatagramWithAnEmptyOne() {
        protocol(UdpMode.UPPER, null, null, null);
        channel.writeInbound(packet(new byte[0], CLIENT));
        assertEquals(0, reply(CLIENT).length);
    }

    @Test
    void logWritesOneLinePerDatagramAndAnswersNothing() {
        try (LogCapture log = new LogCapture("camelot.udp.test")) {
            UdpProtocol protocol = protocol(UdpMode.LOG, null, null, null);
            channel.writeInbound(packet("hello", CLIENT),
                    packet(HexFormat.of().parseHex("6869ff0a1b5b33316d"), new InetSocketAddress("::1", 5000)));
            assertEquals(java.util.List.of("client 192.168.0.13:53211 sent \"hello\"",
                    "client [::1]:5000 sent \"hi\\xff\\n\\u001b[31m\""), log.messages());
            assertNull(channel.readOutbound());
            assertEquals(2, protocol.counters().logged());
            assertEquals(0, protocol.counters().replies());
        }
    }

    @Test
    void receivesIntoABufferOneByteLargerThanTheMaximum() {
        protocol(UdpMode.ECHO, 1000, null, null);
        assertEquals(1001, channel.config().getRecvByteBufAllocator().newHandle().guess());
    }

    @Test
    void dropsCountsAndLogsADatagramOverTheMaximum() {
        try (LogCapture log = new LogCapture(UdpProtocol.class.getName())) {
            UdpProtocol protocol = protocol(UdpMode.ECHO, 100, null, null);
            channel.writeInbound(packet(new byte[101], CLIENT), packet(new byte[100], CLIENT));
            assertEquals(100, reply(CLIENT).length);
            assertNull(channel.readOutbound());
            assertEquals(1, protocol.counters().oversize());
            assertEquals(1, protocol.counters().received());
            assertEquals(1, protocol.counters().dropped());
            assertEquals(1, log.messages().size());
            assertTrue(log.messages().get(0).contains("192.168.0.13:53211 dropped: over max-datagram-size 100"),
                    log.messages().get(0));
        }
    }

    @Test
    void dropsAndCountsDatagramsOverASourcesRateLimit() {
        try (LogCapture log = new LogCapture(UdpProtocol.class.getName())) {
            UdpProtocol protocol = protocol(UdpMode.ECHO, null, 1, 2);
            InetSocketAddress samePlaceOtherPort = new InetSocketAddress("192.168.0.13", 53212);
            channel.writeInbound(packet("1", CLIENT), packet("2", samePlaceOtherPort), packet("3", CLIENT),
                    packet("4", OTHER));
            assertEquals("1", new String(reply(CLIENT), StandardCharsets.US_ASCII));
            assertEquals("2", new String(reply(samePlaceOtherPort), StandardCharsets.US_ASCII));
            assertEquals("4", new String(reply(OTHER), StandardCharsets.US_ASCII));
            assertNull(channel.readOutbound());
            assertEquals(1, protocol.counters().rateLimited());
            assertEquals(3, protocol.counters().received());
            assertTrue(log.messages().get(0).contains("dropped: over rate-limit 1/s"), log.messages().get(0));
        }
    }

    @Test
    void dropsAndCountsRepliesWhileTheSendQueueIsFull() {
        UdpProtocol protocol = protocol(UdpMode.ECHO, null, null, null);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 8));
        // not flushed until the read batch ends: the first reply fills the queue
        channel.pipeline().fireChannelRead(packet("0123456789", CLIENT));
        channel.pipeline().fireChannelRead(packet("second", CLIENT));
        channel.pipeline().fireChannelReadComplete();
        assertEquals("0123456789", new String(reply(CLIENT), StandardCharsets.US_ASCII));
        assertNull(channel.readOutbound());
        assertEquals(1, protocol.counters().repliesDropped());
        assertEquals(1, protocol.counters().replies());
    }

    @Test
    void keepsTheSocketOpenAfterAnError() {
        protocol(UdpMode.ECHO, null, null, null);
        channel.pipeline().fireExceptionCaught(new java.net.PortUnreachableException("ICMP port unreachable"));
        assertTrue(channel.isOpen());
        channel.writeInbound(packet("still here", CLIENT));
        assertEquals("still here", new String(reply(CLIENT), StandardCharsets.US_ASCII));
    }

    @Test
    void passesOtherMessagesOn() {
        protocol(UdpMode.ECHO, null, null, null);
        channel.writeInbound("not a datagram");
        assertEquals("not a datagram", channel.readInbound());
        assertFalse(channel.outboundMessages().iterator().hasNext());
    }

    @Test
    void recordsTheSameCountsInTheMeterRegistry() {
        protocol(UdpMode.ECHO, 10, 1, 1);
        channel.writeInbound(packet("hello", CLIENT), packet("again", CLIENT), packet(new byte[11], OTHER));
        reply(CLIENT);
        assertEquals(1, meters.get("camelot.udp.datagrams.received").tag("listener", "test").counter().count());
        assertEquals(5, meters.get("camelot.udp.received").tag("listener", "test").counter().count());
        assertEquals(1, meters.get("camelot.udp.replies").tag("listener", "test").counter().count());
        assertEquals(5, meters.get("camelot.udp.sent").tag("listener", "test").counter().count());
        assertEquals(1, meters.get("camelot.udp.datagrams.dropped").tag("reason", "rate-limited").counter().count());
        assertEquals(1, meters.get("camelot.udp.datagrams.dropped").tag("reason", "oversize").counter().count());
        assertEquals(0, meters.get("camelot.udp.datagrams.dropped").tag("reason", "reply-queue-full").counter().count());
    }
}
