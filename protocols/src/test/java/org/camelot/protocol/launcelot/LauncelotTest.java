package org.camelot.protocol.launcelot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camelot.protocol.framed.Reply;
import org.junit.jupiter.api.Test;

class LauncelotTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Reply r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    private final Launcelot launcelot = new Launcelot(LauncelotSettings.defaults());

    @Test
    void answersAllThreeQuestions() {
        assertEquals("My name is Sir Launcelot of Camelot.", text(launcelot.answer(bytes("What is your name?"))));
        assertEquals("To seek the Holy Grail.", text(launcelot.answer(bytes("What is your quest?"))));
        assertEquals("Blue.", text(launcelot.answer(bytes("What is your favorite color?"))));
    }

    @Test
    void answersAQuestionGivenAsARangeOfALargerArray() {
        byte[] stream = bytes("What is your name?What is your favorite color?");
        Reply r = launcelot.answer(stream, 18, 28);
        assertEquals("Blue.", text(r));
        assertFalse(r.close());
    }

    @Test
    void framesAtTheQuestionMarkKeepingIt() {
        assertEquals('?', launcelot.framing().delimiter());
        assertTrue(launcelot.framing().includeDelimiter());
        assertEquals(1024, launcelot.framing().maxLength());
    }

    @Test
    void repliesToAnUnknownQuestionByDefault() {
        Reply r = launcelot.answer(bytes("What is the capital of Assyria?"));
        assertEquals("I do not know that.", text(r));
        assertFalse(r.close());
    }

    @Test
    void matchesExactlyWithoutTrimming() {
        assertEquals("I do not know that.", text(launcelot.answer(bytes(" What is your name?"))));
        assertEquals("I do not know that.", text(launcelot.answer(bytes("what is your name?"))));
    }

    @Test
    void closesOnAnUnknownQuestionWhenSoConfigured() {
        Launcelot closing = new Launcelot(new LauncelotSettings(null, UnknownQuestion.CLOSE, null, null));
        assertSame(Reply.CLOSE, closing.answer(bytes("What is the capital of Assyria?")));
        assertFalse(closing.answer(bytes("What is your name?")).close());
    }

    @Test
    void usesTheConfiguredTableAndReply() {
        Launcelot custom = new Launcelot(new LauncelotSettings(
                List.of(new QuestionAnswer("¿Cómo te llamas?", "Me llamo Lancelote.")), null, "No sé.", 64));
        assertArrayEquals(bytes("Me llamo Lancelote."), custom.answer(bytes("¿Cómo te llamas?")).bytes());
        assertArrayEquals(bytes("No sé."), custom.answer(bytes("What is your name?")).bytes());
        assertEquals(64, custom.framing().maxLength());
    }

    @Test
    void closesOnAnOverLongQuestion() {
        assertSame(Reply.CLOSE, launcelot.tooLong("/127.0.0.1:5000"));
    }
}
