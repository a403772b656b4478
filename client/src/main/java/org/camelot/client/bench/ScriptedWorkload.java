package org.camelot.client.bench;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request/reply workload over TCP where each reply ends with a delimiter and is known in advance: Launcelot (a
 * conversation of questions, a new connection each time) and upper (one line, on a kept connection).
 */
final class ScriptedWorkload implements Workload {

    /** The three questions of the book's Launcelot, and their answers. */
    static final List<String> LAUNCELOT_QUESTIONS = List.of(
            "What is your name?", "What is your quest?", "What is your favorite color?");
    static final List<String> LAUNCELOT_ANSWERS = List.of(
            "My name is Sir Launcelot of Camelot.", "To seek the Holy Grail.", "Blue.");

    private final String name;
    private final InetSocketAddress remote;
    private final List<byte[]> requests;
    private final List<byte[]> replies;
    private final boolean keepsConnection;
    private final String operation;
    private final String exchange;
    private final ClientTls tls;

    private ScriptedWorkload(String name, InetSocketAddress remote, List<String> requests, List<String> replies,
                             boolean keepsConnection, String operation, String exchange, ClientTls tls) {
        this.name = name;
        this.remote = remote;
        this.requests = requests.stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
        this.replies = replies.stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
        this.keepsConnection = keepsConnection;
        this.operation = operation;
        this.exchange = exchange;
        this.tls = tls;
    }

    /**
     * Connects, asks {@code questions} questions cycling through the three, checks each answer, and closes.
     *
     * @param tls the client TLS context, or {@code null} for cleartext
     */
    static ScriptedWorkload launcelot(String name, InetSocketAddress remote, int questions, ClientTls tls) {
        List<String> asked = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < questions; i++) {
            asked.add(LAUNCELOT_QUESTIONS.get(i % 3));
            answers.add(LAUNCELOT_ANSWERS.get(i % 3));
        }
        return new ScriptedWorkload(name, remote, asked, answers, false,
                "conversation (connect, " + questions + " questions, close)", "question", tls);
    }

    /** Sends {@code line} on a kept connection and checks that it comes back in upper case. */
    static ScriptedWorkload upper(InetSocketAddress remote, String line, ClientTls tls) {
        return new ScriptedWorkload("upper", remote, List.of(line + "\n"),
                List.of(line.toUpperCase(java.util.Locale.ROOT) + "\n"), true, "line round trip", null, tls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String target() {
        return (tls != null ? "tls://" : "") + remote.getHostString() + ":" + remote.getPort();
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean keepsConnection() {
        return keepsConnection;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    public String exchange() {
        return exchange;
    }

    @Override
    public void initChannel(Channel ch) {
        if (tls != null) {
            ch.pipeline().addLast("tls", tls.newHandler(ch, remote));
        }
        ch.pipeline().addLast("script", new ScriptHandler(requests, replies));
    }
}
