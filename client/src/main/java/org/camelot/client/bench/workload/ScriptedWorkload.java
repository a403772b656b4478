package org.camelot.client.bench.workload;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.camelot.client.bench.run.Workload;
import org.camelot.client.launcelot.QuestionAnswer;

/**
 * A request/reply workload over TCP where each reply ends with a delimiter and is known in advance: Launcelot (a
 * conversation of questions, a new connection each time) and upper (one line, on a kept connection).
 */
public final class ScriptedWorkload implements Workload {

    private final String name;
    private final InetSocketAddress remote;
    private final List<byte[]> requests;
    private final List<byte[]> replies;
    private final boolean keepsConnection;
    private final String operation;
    private final String exchange;
    private final SslContext tls;

    private ScriptedWorkload(String name, InetSocketAddress remote, List<String> requests, List<String> replies,
                             boolean keepsConnection, String operation, String exchange, SslContext tls) {
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
     * Connects, asks {@code questions} questions cycling through the book's three, checks each answer, and closes.
     *
     * @param tls the client TLS context, or {@code null} for cleartext
     */
    public static ScriptedWorkload launcelot(String name, InetSocketAddress remote, int questions, SslContext tls) {
        List<QuestionAnswer> book = QuestionAnswer.BOOK;
        List<String> asked = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < questions; i++) {
            asked.add(book.get(i % book.size()).question());
            answers.add(book.get(i % book.size()).answer());
        }
        return new ScriptedWorkload(name, remote, asked, answers, false,
                "conversation (connect, " + questions + " questions, close)", "question", tls);
    }

    /** Sends {@code line} on a kept connection and checks that it comes back in upper case. */
    public static ScriptedWorkload upper(InetSocketAddress remote, String line, SslContext tls) {
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
            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), remote.getHostString(), remote.getPort()));
        }
        ch.pipeline().addLast("script", new ScriptHandler(requests, replies));
    }
}
