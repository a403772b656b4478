package org.camelot.protocol.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.camelot.protocol.InvalidSettingException;
import org.junit.jupiter.api.Test;

class LauncelotSettingsTest {

    private static QuestionAnswer qa(String q, String a) {
        return new QuestionAnswer(q, a);
    }

    /** Checks a table of one entry, as the configuration loader does. */
    private static InvalidSettingException refused(String q, String a) {
        return assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(List.of(qa(q, a)), null, null, null));
    }

    @Test
    void defaultsAreTheBooksTableAPoliteReplyAndOneKibibyte() {
        LauncelotSettings s = LauncelotSettings.defaults();
        assertEquals(List.of(
                qa("What is your name?", "My name is Sir Launcelot of Camelot."),
                qa("What is your quest?", "To seek the Holy Grail."),
                qa("What is your favorite color?", "Blue.")), s.questions());
        assertEquals(UnknownQuestion.REPLY, s.unknownQuestion());
        assertEquals("I do not know that.", s.unknownAnswer());
        assertEquals(1024, s.maxQuestionLength());
    }

    @Test
    void refusesAQuestionThatDoesNotEndWithAQuestionMark() {
        InvalidSettingException e = refused("What is your name", "Bob.");
        assertEquals("questions[0].question", e.key());
        assertTrue(e.getMessage().contains("ends with '?'"), e.getMessage());
    }

    @Test
    void refusesAQuestionWithASecondQuestionMark() {
        assertEquals("questions[0].question", refused("Who? What?", "Bob.").key());
    }

    @Test
    void refusesAnEmptyOrMissingQuestion() {
        assertEquals("questions[0].question", refused("", "Bob.").key());
        assertEquals("questions[0].question", refused(null, "Bob.").key());
    }

    @Test
    void refusesAnAnswerThatDoesNotEndWithAFullStop() {
        InvalidSettingException e = refused("Name?", "Bob");
        assertEquals("questions[0].answer", e.key());
        assertTrue(e.getMessage().contains("ends with '.'"), e.getMessage());
    }

    @Test
    void refusesAnAnswerWithASecondFullStop() {
        // A client reads up to the first '.', so "Mr. Bob." would leave " Bob." for the next question.
        assertEquals("questions[0].answer", refused("Name?", "Mr. Bob.").key());
    }

    @Test
    void refusesAnAnswerLongerThanClientsRead() {
        assertEquals("questions[0].answer", refused("Name?", "x".repeat(64 * 1024) + ".").key());
        assertEquals(1, new LauncelotSettings(List.of(qa("Name?", "x".repeat(64 * 1024 - 1) + ".")), null, null, null)
                .questions().size());
    }

    @Test
    void refusesADuplicateQuestionNamingItsIndex() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new LauncelotSettings(
                List.of(qa("Name?", "Bob."), qa("Quest?", "Grail."), qa("Name?", "Alice.")), null, null, null));
        assertEquals("questions[2].question", e.key());
        assertTrue(e.getMessage().contains("questions[0]"), e.getMessage());
    }

    @Test
    void refusesAnEmptyEntry() {
        java.util.List<QuestionAnswer> table = new java.util.ArrayList<>();
        table.add(qa("Name?", "Bob."));
        table.add(null);
        assertEquals("questions[1]", assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(table, null, null, null)).key());
    }

    @Test
    void refusesAnEmptyTable() {
        assertEquals("questions", assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(List.of(), null, null, null)).key());
    }

    @Test
    void refusesAQuestionLongerThanTheLimit() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new LauncelotSettings(
                List.of(qa("What is your name?", "Bob.")), null, null, 10));
        assertEquals("questions[0].question", e.key());
    }

    @Test
    void refusesABadUnknownAnswer() {
        assertEquals("unknown-answer", assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(null, UnknownQuestion.REPLY, "No idea", null)).key());
    }

    @Test
    void refusesALimitOutOfRange() {
        assertEquals("max-question-length", assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(null, null, null, 1)).key());
        assertEquals("max-question-length", assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(null, null, null, (1 << 20) + 1)).key());
    }

    @Test
    void countsTheLimitInUtf8Bytes() {
        // "Où?" is 4 bytes in UTF-8, 3 characters.
        assertThrows(InvalidSettingException.class,
                () -> new LauncelotSettings(List.of(qa("Où?", "Ici.")), null, null, 3));
        assertEquals(4, new LauncelotSettings(List.of(qa("Où?", "Ici.")), null, null, 4).maxQuestionLength());
    }
}
