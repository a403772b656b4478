package org.camelot.protocol.launcelot;

import org.camelot.protocol.InvalidSettingException;

/**
 * One entry of the Launcelot table: a question and the answer it gets.
 *
 * <p>A question ends with {@code ?} and holds no other {@code ?} (the server splits the byte stream at each
 * {@code ?}); an answer ends with {@code .} and holds no other {@code .} (the client reads up to the first
 * {@code .}). Both are sent as UTF-8 and matched byte for byte, so no whitespace is trimmed.
 *
 * <p>{@link LauncelotSettings} checks its entries with their position in the table, once the whole entry has been
 * read, so that a misspelt key in an entry is reported as such rather than as a missing question.
 *
 * @param question the question, e.g. {@code What is your name?}
 * @param answer   its answer, e.g. {@code My name is Sir Launcelot of Camelot.}
 */
public record QuestionAnswer(String question, String answer) {

    static final String QUESTION_EXPECTED = "a question that ends with '?' and holds no other '?'";
    static final String ANSWER_EXPECTED = "an answer that ends with '.' and holds no other '.'";

    /** Checks the shape of a question; {@code key} names it in the error. */
    static void checkQuestion(String key, String question) {
        if (!endsWithOnly(question, '?')) {
            throw new InvalidSettingException(key, question, QUESTION_EXPECTED);
        }
    }

    /** The longest answer, in UTF-8 bytes: clients stop reading an answer that has no {@code .} by then. */
    public static final int MAX_ANSWER_LENGTH = 64 * 1024;

    /** Checks the shape of an answer (also used for the reply to unknown questions). */
    static void checkAnswer(String key, String answer) {
        if (!endsWithOnly(answer, '.')) {
            throw new InvalidSettingException(key, answer, ANSWER_EXPECTED);
        }
        if (answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ANSWER_LENGTH) {
            throw new InvalidSettingException(key, answer.substring(0, 40) + "...",
                    "an answer of at most " + MAX_ANSWER_LENGTH + " bytes");
        }
    }

    /** Whether {@code text} has {@code c} as its last character and nowhere else. */
    private static boolean endsWithOnly(String text, char c) {
        return text != null && !text.isEmpty() && text.indexOf(c) == text.length() - 1;
    }
}
