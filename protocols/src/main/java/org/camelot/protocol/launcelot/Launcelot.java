package org.camelot.protocol.launcelot;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camelot.protocol.framed.FramedProtocol;
import org.camelot.protocol.framed.Framing;
import org.camelot.protocol.framed.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Launcelot dialog of <i>Foundations of Python Network Programming</i>, chapter 7: a question is the bytes up to
 * and including {@code ?}, and the server sends back its answer, which ends with {@code .}, and nothing else (no line
 * endings). A question not in the table gets the configured reply or closes the connection; a question longer than
 * the limit closes the connection.
 *
 * <p>Questions are matched byte for byte (UTF-8, nothing trimmed) against pre-encoded keys, and every reply is built
 * once, so answering allocates nothing.
 */
public final class Launcelot implements FramedProtocol {

    private static final Logger log = LoggerFactory.getLogger(Launcelot.class);

    private final Framing framing;
    private final QuestionTable<Reply> answers;
    private final Reply unknown;
    private final boolean closeOnUnknown;

    public Launcelot(LauncelotSettings settings) {
        this.framing = new Framing((byte) '?', settings.maxQuestionLength(), true);
        List<QuestionAnswer> table = settings.questions();
        this.answers = new QuestionTable<>(table.stream().map(QuestionAnswer::question).toList(),
                table.stream().map(qa -> Reply.send(utf8(qa.answer()))).toList());
        this.closeOnUnknown = settings.unknownQuestion() == UnknownQuestion.CLOSE;
        this.unknown = closeOnUnknown ? Reply.CLOSE : Reply.send(utf8(settings.unknownAnswer()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Framing framing() {
        return framing;
    }

    @Override
    public Reply answer(byte[] question) {
        return answer(question, 0, question.length);
    }

    @Override
    public Reply answer(byte[] bytes, int offset, int length) {
        Reply reply = answers.find(bytes, offset, length);
        if (reply != null) {
            return reply;
        }
        if (closeOnUnknown && log.isDebugEnabled()) {
            log.debug("unknown question {}, closing", quote(bytes, offset, length));
        }
        return unknown;
    }

    @Override
    public Reply tooLong(String remoteAddress) {
        log.info("{}: question over {} bytes without '?', closing", remoteAddress, framing.maxLength());
        return Reply.CLOSE;
    }

    /** The start of a question, printable, for the log: it is whatever a client sent. */
    private static String quote(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, Math.min(length, 80), StandardCharsets.UTF_8);
        return '"' + text.replaceAll("\\p{Cntrl}", "\uFFFD") + (length > 80 ? "...\"" : "\"");
    }
}
