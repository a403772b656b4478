package org.camelot.protocol.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camelot.protocol.DrainEvent;
import org.camelot.protocol.Protocol;
import org.camelot.protocol.framed.FramedListenerProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Launcelot logic on a Netty pipeline, one handler at a time. */
class LauncelotHandlerTest {

    private static final String NAME = "What is your name?";
    private static final String QUEST = "What is your quest?";
    private static final String COLOR = "What is your favorite color?";

    private EmbeddedChannel channel;

    private EmbeddedChannel channel(LauncelotSettings settings) {
        Protocol protocol = new LauncelotProvider().create(new TestContext(settings));
        channel = new EmbeddedChannel();
        protocol.initChannel(channel);
        return channel;
    }

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** Sends {@code text} as one direct buffer, as the native transports deliver it. */
    private static void send(EmbeddedChannel ch, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = ch.alloc().directBuffer(bytes.length).writeBytes(bytes);
        ch.writeInbound(buf);
    }

    /** Everything written since the last call, each write as one string. */
    private static List<String> written(EmbeddedChannel ch) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            if (b.isReadable()) {
                out.add(b.toString(StandardCharsets.UTF_8));
            }
            b.release();
        }
        return out;
    }

    @Test
    void answersAllThreeQuestionsInOrder() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        send(ch, NAME);
        send(ch, QUEST);
        send(ch, COLOR);
        assertEquals(List.of("My name is Sir Launcelot of Camelot.", "To seek the Holy Grail.", "Blue."), written(ch));
        assertTrue(ch.isOpen());
    }

    @Test
    void answersCoalescedQuestionsInOrderWithOneWrite() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        send(ch, NAME + QUEST + COLOR + NAME);
        assertEquals(List.of("My name is Sir Launcelot of Camelot.To seek the Holy Grail.Blue."
                + "My name is Sir Launcelot of Camelot."), written(ch));
    }

    @Test
    void answersAQuestionSplitByteByByteOnlyOnceItIsComplete() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        String text = QUEST + COLOR;
        for (int i = 0; i < text.length(); i++) {
            send(ch, text.substring(i, i + 1));
            if (i == QUEST.length() - 2) {
                assertEquals(List.of(), written(ch), "nothing before the '?'");
            }
        }
        assertEquals(List.of("To seek the Holy Grail.", "Blue."), written(ch));
    }

    @Test
    void answersFromHeapBuffersToo() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        ch.writeInbound(Unpooled.copiedBuffer("What is your", StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer(" name?What", StandardCharsets.UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer(" is your quest?", StandardCharsets.UTF_8));
        assertEquals(List.of("My name is Sir Launcelot of Camelot.", "To seek the Holy Grail."), written(ch));
    }

    @Test
    void repliesToAnUnknownQuestionAndCarriesOn() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        send(ch, "What is the airspeed velocity of an unladen swallow?" + COLOR);
        assertEquals(List.of("I do not know that.Blue."), written(ch));
        assertTrue(ch.isOpen());
    }

    @Test
    void closesOnAnUnknownQuestionWhenSoConfiguredAfterEarlierAnswers() {
        EmbeddedChannel ch = channel(new LauncelotSettings(null, UnknownQuestion.CLOSE, null, null));
        send(ch, NAME + "Huh?" + QUEST);
        assertEquals(List.of("My name is Sir Launcelot of Camelot."), written(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void closesWhenAQuestionOutgrowsTheLimitWithoutAQuestionMark() {
        EmbeddedChannel ch = channel(new LauncelotSettings(null, null, null, 64));
        send(ch, "x".repeat(40));
        assertTrue(ch.isOpen(), "40 bytes are within the limit");
        send(ch, "x".repeat(25));
        assertFalse(ch.isOpen());
        assertEquals(List.of(), written(ch));
    }

    @Test
    void acceptsAQuestionOfExactlyTheLimit() {
        EmbeddedChannel ch = channel(new LauncelotSettings(null, null, null, 64));
        send(ch, "x".repeat(63) + "?");
        assertEquals(List.of("I do not know that."), written(ch));
        send(ch, "x".repeat(64) + "?");
        assertFalse(ch.isOpen());
    }

    @Test
    void drainClosesAnIdleConnectionOnceQuietForAMoment() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        send(ch, NAME);
        ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        ch.runPendingTasks();
        assertTrue(ch.isOpen(), "it answered a moment ago: the next question may be on the wire");
        ch.advanceTimeBy(org.camelot.protocol.QuietDrain.QUIET_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
        assertEquals(List.of("My name is Sir Launcelot of Camelot."), written(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void drainLetsAHalfAskedQuestionFinishAndBeAnswered() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        send(ch, "What is your fav");
        ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertTrue(ch.isOpen());
        send(ch, "orite color?");
        ch.runPendingTasks();
        assertEquals(List.of("Blue."), written(ch));
        assertFalse(ch.isOpen());
    }

    @Test
    void leavesNoBufferBehindWhenClosedMidBatch() {
        EmbeddedChannel ch = channel(LauncelotSettings.defaults());
        ch.pipeline().fireChannelRead(Unpooled.copiedBuffer(NAME, StandardCharsets.UTF_8));
        ch.close();
        assertNull(ch.readOutbound());
    }
}
