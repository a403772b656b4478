package org.camelot.server.launcelot;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain blocking Launcelot client for tests: ask, then read up to the first '.'. */
final class LauncelotConnection implements AutoCloseable {

    static final String NAME = "What is your name?";
    static final String QUEST = "What is your quest?";
    static final String COLOR = "What is your favorite color?";
    static final String[] QUESTIONS = {NAME, QUEST, COLOR};
    static final String[] ANSWERS = {"My name is Sir Launcelot of Camelot.", "To seek the Holy Grail.", "Blue."};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LauncelotConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static LauncelotConnection open(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, 5_000);
        return new LauncelotConnection(s);
    }

    Socket socket() {
        return socket;
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next answer, up to and including its '.'. */
    String answer() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            b.write(c);
            if (c == '.') {
                return b.toString(StandardCharsets.UTF_8);
            }
        }
        throw new EOFException("closed after \"" + b.toString(StandardCharsets.UTF_8) + "\"");
    }

    String ask(String question) throws IOException {
        send(question);
        return answer();
    }

    /** Whether the server closed the connection (end of stream) without sending anything more. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
