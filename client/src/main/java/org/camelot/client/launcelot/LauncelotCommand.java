package org.camelot.client.launcelot;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.camelot.client.command.DurationConverter;
import org.camelot.client.command.ExitCodes;
import org.camelot.client.tls.ClientTls;
import org.camelot.client.tls.TlsFailure;
import org.camelot.protocol.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code launcelot HOST [PORT] [--tls [--cacert FILE] [--cert FILE --key FILE]] [--repeat N]}: the book's client.
 * Asks the questions in order on one connection, prints each answer, and fails with one line on stderr at the first
 * wrong answer, timeout or closed connection. With {@code --cert} and {@code --key} it presents a client certificate,
 * for a listener with {@code client-auth: require}.
 */
@Command(name = "launcelot", mixinStandardHelpOptions = true,
        description = {"Asks a Launcelot listener its questions in order on one connection and prints each answer.",
                "Exits with 1 and one line on stderr at a wrong answer, a timeout or a closed connection."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every answer was the expected one",
                "1:a wrong answer, a timeout, a closed connection, a refused connection or a TLS failure",
                "2:bad command line, or a TLS file (--cacert, --cert, --key) that cannot be used"})
public final class LauncelotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "Server host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", arity = "0..1", defaultValue = "1060",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls", description = "Speak TLS, checking the server's certificate and host name.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM file of the CA certificates to trust with --tls (default: the JDK's trusted CAs).")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "PEM client certificate (chain) to present with --tls, for a listener with client-auth.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "The PKCS#8 PEM private key of --cert.")
    Path key;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Ask the questions N times over on the same connection (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Longest wait to connect and for each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--question", paramLabel = "TEXT",
            description = "A question to ask instead of the book's three (repeatable; pairs with --answer).")
    List<String> questions = new ArrayList<>();

    @Option(names = "--answer", paramLabel = "TEXT",
            description = "The answer expected to the --question in the same position.")
    List<String> answers = new ArrayList<>();

    @Override
    public Integer call() {
        List<QuestionAnswer> dialog = dialog();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(),
                    "--timeout must be positive: " + Durations.format(timeout));
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1: " + repeat);
        }
        if ((caCert != null || cert != null || key != null) && !tls) {
            throw new ParameterException(spec.commandLine(), (caCert != null ? "--cacert" : cert != null ? "--cert"
                    : "--key") + " is for TLS: add --tls");
        }
        if ((cert == null) != (key == null)) {
            throw new ParameterException(spec.commandLine(),
                    cert == null ? "--key needs --cert" : "--cert needs --key");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientTls tlsContext;
        try {
            tlsContext = tls ? ClientTls.of(caCert, false, cert, key) : null;
        } catch (IOException e) {
            err.println("launcelot: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String where = host + ":" + port;
        try (Socket socket = connect(tlsContext)) {
            LauncelotDialog conversation = new LauncelotDialog(socket, timeout);
            for (int round = 0; round < repeat; round++) {
                for (QuestionAnswer qa : dialog) {
                    String answer = conversation.ask(qa.question());
                    if (!answer.equals(qa.answer())) {
                        err.println("launcelot: " + where + " answered " + LauncelotDialog.quote(answer) + " to "
                                + LauncelotDialog.quote(qa.question()) + " (expected "
                                + LauncelotDialog.quote(qa.answer()) + ")");
                        return ExitCodes.FAILED;
                    }
                    out.println(answer);
                    out.flush();
                }
            }
            return 0;
        } catch (LauncelotDialog.ClosedException e) {
            err.println("launcelot: " + where + " closed the connection " + e.getMessage());
        } catch (SocketTimeoutException e) {
            err.println("launcelot: " + where + ": " + e.getMessage());
        } catch (SSLException e) {
            err.println("launcelot: " + where + ": TLS failed: " + TlsFailure.reason(e));
        } catch (IOException e) {
            err.println("launcelot: " + where + ": " + e.getMessage());
        }
        return ExitCodes.FAILED;
    }

    /** The questions and expected answers: the book's, or those given on the command line. */
    private List<QuestionAnswer> dialog() {
        if (questions.isEmpty() && answers.isEmpty()) {
            return QuestionAnswer.BOOK;
        }
        if (questions.size() != answers.size()) {
            throw new ParameterException(spec.commandLine(), "give one --answer for each --question ("
                    + questions.size() + " questions, " + answers.size() + " answers)");
        }
        List<QuestionAnswer> dialog = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            String a = answers.get(i);
            if (q.isEmpty() || q.indexOf('?') != q.length() - 1) {
                throw new ParameterException(spec.commandLine(),
                        "a question ends with '?' and holds no other '?': " + LauncelotDialog.quote(q));
            }
            if (a.isEmpty() || a.indexOf('.') != a.length() - 1) {
                throw new ParameterException(spec.commandLine(),
                        "an answer ends with '.' and holds no other '.': " + LauncelotDialog.quote(a));
            }
            dialog.add(new QuestionAnswer(q, a));
        }
        return dialog;
    }

    /** @param tls the TLS to speak, or {@code null} for cleartext */
    private Socket connect(ClientTls tls) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("no connection within " + Durations.format(timeout));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect: " + e.getMessage(), e);
        }
        if (tls == null) {
            return socket;
        }
        try {
            socket.setSoTimeout(millis);
            SSLSocket s = tls.wrap(socket, host, port);
            s.startHandshake();
            return s;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("no TLS handshake within " + Durations.format(timeout));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
