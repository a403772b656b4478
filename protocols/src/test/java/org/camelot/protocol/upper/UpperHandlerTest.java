package org.camelot.protocol.upper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.framed.FramedHandler;
import org.junit.jupiter.api.Test;

class UpperHandlerTest {

    private static EmbeddedChannel channel(int maxLineLength) {
        return new EmbeddedChannel(new FramedHandler(new UpperCase(new UpperSettings(maxLineLength))));
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static String received(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    @Test
    void answersEachLineInUpperCaseKeepingItsEnding() {
        EmbeddedChannel ch = channel(1024);
        send(ch, "hello\r\nwörld\n");
        assertEquals("HELLO\r\nWÖRLD\n", received(ch));
        assertFalse(ch.finish());
    }

    @Test
    void waitsForTheEndOfALineSplitAcrossReads() {
        EmbeddedChannel ch = channel(1024);
        send(ch, "hel");
        assertEquals("", received(ch));
        send(ch, "lo\n");
        assertEquals("HELLO\n", received(ch));
        ch.finish();
    }

    @Test
    void overlongLineGetsAnErrorLineAndTheConnectionStaysUsable() {
        EmbeddedChannel ch = channel(8);
        send(ch, "0123456789abcdef\nok\n");
        assertEquals("ERROR line too long (max 8 bytes)\nOK\n", received(ch));
        assertTrue(ch.isActive());
        ch.finish();
    }

    @Test
    void drainClosesAnIdleConnectionOnceQuietForAMoment() {
        EmbeddedChannel ch = channel(64);
        ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        ch.runPendingTasks();
        assertTrue(ch.isActive(), "just connected: its first line may be on the wire");
        ch.advanceTimeBy(org.camelot.protocol.QuietDrain.QUIET_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertFalse(ch.isActive());
        assertEquals("", received(ch));
    }

    @Test
    void drainFinishesTheLineInProgressThenCloses() {
        EmbeddedChannel ch = channel(64);
        send(ch, "half");
        ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertTrue(ch.isActive());
        send(ch, " done\n");
        assertEquals("HALF DONE\n", received(ch));
        ch.runPendingTasks();
        assertFalse(ch.isActive());
    }

    @Test
    void settingsRefuseAnAbsurdLineLength() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.camelot.protocol.InvalidSettingException.class,
                () -> new UpperSettings(0));
        assertEquals("max-line-length", e.key());
        assertEquals(1024, new UpperSettings(null).maxLineLength());
    }
}
