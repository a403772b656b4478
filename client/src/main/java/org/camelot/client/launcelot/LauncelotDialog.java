package org.camelot.client.launcelot;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.camelot.protocol.Durations;

/** One Launcelot connection seen from the client: send a question, read its answer up to the first {@code .}. */
final class LauncelotDialog {

    /** An answer longer than a server may be configured to send; the client stops reading rather than grow forever. */
    static final int MAX_ANSWER = QuestionAnswer.MAX_ANSWER_LENGTH;

    /** The server closed the connection before the answer was complete. */
    static final class ClosedException extends IOException {
        ClosedException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;

    LauncelotDialog(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.timeout = timeout;
    }

    /** Sends {@code question} and returns its answer, {@code .} included. */
    String ask(String question) throws IOException {
        out.write(question.getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream answer = new ByteArrayOutputStream(64);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(question, answer);
            }
            // Each read waits only for what is left of the whole answer's time, so a server that trickles bytes
            // cannot stretch it.
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(question, answer);
            }
            if (c < 0) {
                throw new ClosedException("before answering " + quote(question)
                        + (answer.size() > 0 ? " (got " + quote(text(answer)) + ")" : ""));
            }
            answer.write(c);
            if (c == '.') {
                return text(answer);
            }
            if (answer.size() >= MAX_ANSWER) {
                throw new IOException("no '.' in the first " + MAX_ANSWER + " bytes of the answer to "
                        + quote(question));
            }
        }
    }

    private SocketTimeoutException timedOut(String question, ByteArrayOutputStream answer) {
        return new SocketTimeoutException("no answer to " + quote(question) + " within "
                + Durations.format(timeout) + (answer.size() > 0 ? " (got " + quote(text(answer))
                + " so far)" : ""));
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    /** {@code s} in double quotes, with quotes, backslashes and line ends escaped, for one-line messages. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
