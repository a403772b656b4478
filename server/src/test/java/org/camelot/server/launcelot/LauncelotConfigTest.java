package org.camelot.server.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camelot.protocol.launcelot.LauncelotSettings;
import org.camelot.protocol.launcelot.UnknownQuestion;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.config.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a launcelot listener block is read from the configuration file, and how mistakes in it are reported. */
class LauncelotConfigTest {

    @TempDir
    Path dir;

    private CamelotConfig load(String listenerKeys) throws Exception {
        Path file = dir.resolve("camelot.yaml");
        Files.writeString(file, """
                listeners:
                  lq:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                """ + listenerKeys.indent(4));
        return new ConfigLoader().load(file, List.of());
    }

    private ConfigProblem problem(String listenerKeys) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(listenerKeys));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void anEmptyBlockGivesTheDefaults() throws Exception {
        assertEquals(LauncelotSettings.defaults(), load("").listeners().get(0).settings());
    }

    @Test
    void readsEveryKey() throws Exception {
        LauncelotSettings s = (LauncelotSettings) load("""
                questions:
                  - question: Who?
                    answer: Me.
                unknown-question: close
                unknown-answer: Dunno.
                max-question-length: 100
                """).listeners().get(0).settings();
        assertEquals("Who?", s.questions().get(0).question());
        assertEquals("Me.", s.questions().get(0).answer());
        assertEquals(UnknownQuestion.CLOSE, s.unknownQuestion());
        assertEquals("Dunno.", s.unknownAnswer());
        assertEquals(100, s.maxQuestionLength());
    }

    @Test
    void namesTheEntryOfAQuestionWithoutAQuestionMark() {
        ConfigProblem p = problem("""
                questions:
                  - question: Who?
                    answer: Me.
                  - question: What
                    answer: That.
                """);
        assertEquals("listeners.lq.questions[1].question", p.path());
        assertEquals("\"What\"", p.value());
        assertTrue(p.expected().contains("ends with '?'"), p.expected());
    }

    @Test
    void namesTheEntryOfAnAnswerWithTwoFullStops() {
        ConfigProblem p = problem("""
                questions:
                  - question: Who?
                    answer: Mr. Smith.
                """);
        assertEquals("listeners.lq.questions[0].answer", p.path());
    }

    @Test
    void namesTheSecondOfTwoEqualQuestions() {
        ConfigProblem p = problem("""
                questions:
                  - question: Who?
                    answer: Me.
                  - question: Why?
                    answer: Because.
                  - question: Who?
                    answer: You.
                """);
        assertEquals("listeners.lq.questions[2].question", p.path());
        assertTrue(p.expected().contains("questions[0]"), p.expected());
    }

    @Test
    void namesAMissingAnswer() {
        ConfigProblem p = problem("""
                questions:
                  - question: Who?
                """);
        assertEquals("listeners.lq.questions[0].answer", p.path());
        assertEquals("(missing)", p.value());
    }

    @Test
    void namesAnUnknownKeyInAnEntry() {
        ConfigProblem p = problem("""
                questions:
                  - questoin: Who?
                    answer: Me.
                """);
        assertEquals("listeners.lq.questions[0].questoin", p.path());
        // Only an entry's own keys are offered, not the listener's.
        assertEquals("one of answer, question; did you mean \"question\"?", p.expected());
    }

    @Test
    void namesABadUnknownQuestionSetting() {
        ConfigProblem p = problem("unknown-question: shrug\n");
        assertEquals("listeners.lq.unknown-question", p.path());
        assertTrue(p.expected().contains("reply, close"), p.expected());
    }

    @Test
    void namesABadUnknownAnswer() {
        assertEquals("listeners.lq.unknown-answer", problem("unknown-answer: No idea\n").path());
    }

    @Test
    void namesAnEmptyTable() {
        assertEquals("listeners.lq.questions", problem("questions: []\n").path());
    }

    @Test
    void namesALimitTooSmallForAQuestion() {
        ConfigProblem p = problem("max-question-length: 10\n");
        assertEquals("listeners.lq.questions[0].question", p.path());
        assertTrue(p.expected().contains("max-question-length (10)"), p.expected());
    }

    @Test
    void namesALimitOutOfRange() {
        assertEquals("listeners.lq.max-question-length", problem("max-question-length: 0\n").path());
    }
}
