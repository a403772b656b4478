package org.camelot.client.launcelot;

import java.util.List;

/**
 * One question of a Launcelot conversation and the answer the client expects to it. A question ends with {@code ?}
 * and an answer with {@code .}; neither holds another.
 *
 * @param question the question, e.g. {@code What is your name?}
 * @param answer   its answer, e.g. {@code My name is Sir Launcelot of Camelot.}
 */
public record QuestionAnswer(String question, String answer) {

    /** The book's three questions and their answers: what a Launcelot listener answers unless configured. */
    public static final List<QuestionAnswer> BOOK = List.of(
            new QuestionAnswer("What is your name?", "My name is Sir Launcelot of Camelot."),
            new QuestionAnswer("What is your quest?", "To seek the Holy Grail."),
            new QuestionAnswer("What is your favorite color?", "Blue."));

    /** The longest answer the client reads, in UTF-8 bytes: a listener sends no longer one (64 KiB). */
    public static final int MAX_ANSWER_LENGTH = 64 * 1024;
}
