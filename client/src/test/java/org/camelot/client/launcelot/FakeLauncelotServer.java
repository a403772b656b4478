package org.camelot.client.launcelot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;

/**
 * A Launcelot peer for client tests on 127.0.0.1, one connection at a time, whose answers a test decides: it may
 * answer wrongly, hang up or stay silent.
 */
final class FakeLauncelotServer implements AutoCloseable {

    static final Map<String, String> BOOK = Map.of(
            "What is your name?", "My name is Sir Launcelot of Camelot.",
            "What is your quest?", "To seek the Holy Grail.",
            "What is your favorite color?", "Blue.");

    /** What the server does with one question: write an answer, or return {@code false} to hang up. */
    interface Behaviour {
        boolean answer(String question, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Thread thread;
    /** Every question received, with the number of the connection it came on. */
    final List<String> seen = new CopyOnWriteArrayList<>();

    FakeLauncelotServer(ServerSocketFactory factory, Behaviour behaviour) throws IOException {
        server = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().start(() -> serve(behaviour));
    }

    FakeLauncelotServer(Behaviour behaviour) throws IOException {
        this(ServerSocketFactory.getDefault(), behaviour);
    }

    /** Answers the book's questions as the original server does. */
    static Behaviour book() {
        return (q, out) -> {
            out.write(BOOK.getOrDefault(q, "I do not know that.").getBytes(StandardCharsets.UTF_8));
            return true;
        };
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Behaviour behaviour) {
        for (int connection = 0; !server.isClosed(); connection++) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (String q; (q = question(in)) != null; ) {
                    seen.add(connection + ":" + q);
                    if (!behaviour.answer(q, out)) {
                        break;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away, or the test closed the server
            }
        }
    }

    private static String question(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            b.write(c);
            if (c == '?') {
                return b.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5_000);
    }
}
