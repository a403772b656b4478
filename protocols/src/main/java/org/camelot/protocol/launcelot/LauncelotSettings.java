package org.camelot.protocol.launcelot;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.protocol.Settings;

/**
 * Settings of the {@code launcelot} protocol.
 *
 * @param questions         the question-and-answer table, in the order the questions are usually asked (default: the
 *                          book's three); no question may appear twice
 * @param unknownQuestion   {@code reply} (default) sends {@code unknownAnswer} to a question not in the table;
 *                          {@code close} closes the connection
 * @param unknownAnswer     the reply to an unknown question (default {@code I do not know that.}); like every answer
 *                          it ends with {@code .} and holds no other {@code .}
 * @param maxQuestionLength the longest question accepted, in UTF-8 bytes, {@code ?} included (default 1024); a
 *                          client that sends more without a {@code ?} is disconnected and logged
 */
public record LauncelotSettings(List<QuestionAnswer> questions, UnknownQuestion unknownQuestion, String unknownAnswer,
                                Integer maxQuestionLength) {

    /** The table of the book's servers. */
    public static final List<QuestionAnswer> DEFAULT_QUESTIONS = List.of(
            new QuestionAnswer("What is your name?", "My name is Sir Launcelot of Camelot."),
            new QuestionAnswer("What is your quest?", "To seek the Holy Grail."),
            new QuestionAnswer("What is your favorite color?", "Blue."));

    /** The default reply to a question not in the table. */
    public static final String DEFAULT_UNKNOWN_ANSWER = "I do not know that.";

    /** The default limit on a question's length, in bytes. */
    public static final int DEFAULT_MAX_QUESTION_LENGTH = 1024;

    public LauncelotSettings {
        maxQuestionLength = Settings.range("max-question-length",
                Settings.orDefault(maxQuestionLength, DEFAULT_MAX_QUESTION_LENGTH), 2, 1 << 20);
        questions = Settings.orDefault(questions, DEFAULT_QUESTIONS);
        if (questions.isEmpty()) {
            throw new InvalidSettingException("questions", "[]", "at least one question and its answer");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            QuestionAnswer qa = questions.get(i);
            String key = "questions[" + i + "]";
            if (qa == null) {
                throw new InvalidSettingException(key, null, "a block with question and answer");
            }
            QuestionAnswer.checkQuestion(key + ".question", qa.question());
            QuestionAnswer.checkAnswer(key + ".answer", qa.answer());
            Integer first = seen.putIfAbsent(qa.question(), i);
            if (first != null) {
                throw new InvalidSettingException(key + ".question", qa.question(),
                        "a question not already in the table (questions[" + first + "] asks it)");
            }
            int length = qa.question().getBytes(StandardCharsets.UTF_8).length;
            if (length > maxQuestionLength) {
                throw new InvalidSettingException(key + ".question", qa.question(),
                        "a question of at most max-question-length (" + maxQuestionLength + ") bytes; it has "
                                + length);
            }
        }
        questions = List.copyOf(questions);
        unknownQuestion = Settings.orDefault(unknownQuestion, UnknownQuestion.REPLY);
        unknownAnswer = Settings.orDefault(unknownAnswer, DEFAULT_UNKNOWN_ANSWER);
        QuestionAnswer.checkAnswer("unknown-answer", unknownAnswer);
    }

    /** The defaults: the book's table, a polite reply to unknown questions, questions up to 1 KiB. */
    public static LauncelotSettings defaults() {
        return new LauncelotSettings(null, null, null, null);
    }
}
