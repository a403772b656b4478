package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The same protocols give the same answers under every concurrency model, with 50 clients at once. */
class ConcurrencyModelsTest {

    private static final int CLIENTS = 50;
    private static final int LINES = 20;

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    static String yaml(ConcurrencyModel model) {
        return yaml(model, "upper", "max-line-length: 64");
    }

    static String yaml(ConcurrencyModel model, String protocol, String settings) {
        String concurrency = switch (model) {
            case PROCESSES -> "{model: processes, processes: 2}";
            case THREAD_POOL -> "{model: thread-pool, threads: 8}";
            default -> model.toString();
        };
        return """
                shutdown-timeout: 2s
                listeners:
                  lab:
                    protocol: %s
                    host: 127.0.0.1
                    port: 0
                    %s
                    concurrency: %s
                """.formatted(protocol, settings, concurrency);
    }

    @ParameterizedTest
    @EnumSource(ConcurrencyModel.class)
    void answersFiftyConcurrentLauncelotConversations(ConcurrencyModel model) throws Exception {
        List<String> questions = List.of("What is your name?", "What is your quest?", "What is your favorite color?");
        List<String> answers = List.of("My name is Sir Launcelot of Camelot.", "To seek the Holy Grail.", "Blue.");
        try (RunningServer server = daemon.start(yaml(model, "launcelot", "max-question-length: 1024"));
             ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            InetSocketAddress address = server.loopback("lab");
            List<Future<Integer>> answered = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                answered.add(clients.submit(() -> {
                    int ok = 0;
                    // The book's dialog: ten questions cycling the three, one connection, then close.
                    try (LineClient l = LineClient.connect(address, 30_000)) {
                        for (int i = 0; i < 10; i++) {
                            l.send(questions.get(i % 3));
                            ok += answers.get(i % 3).equals(l.readUntil('.')) ? 1 : 0;
                        }
                        l.send("What is the airspeed velocity of an unladen swallow?");
                        ok += "I do not know that.".equals(l.readUntil('.')) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : answered) {
                assertEquals(11, f.get());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ConcurrencyModel.class)
    void answersFiftyConcurrentClientsCorrectly(ConcurrencyModel model) throws Exception {
        try (RunningServer server = daemon.start(yaml(model))) {
            InetSocketAddress address = server.loopback("lab");
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<Integer>> answered = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    answered.add(clients.submit(() -> converse(address, client)));
                }
                for (Future<Integer> f : answered) {
                    assertEquals(LINES, f.get());
                }
            }
        }
    }

    /** Lines split across writes and several in one write, each answered in order. */
    private static int converse(InetSocketAddress address, int client) throws Exception {
        int ok = 0;
        try (LineClient c = LineClient.connect(address, 30_000)) {
            for (int i = 0; i < LINES; i += 2) {
                String a = "client " + client + " line " + i + "\n";
                String b = "é " + client + "/" + (i + 1) + "\n";
                String both = a + b;
                int cut = (i * 7) % both.length();
                c.send(both.substring(0, cut));
                c.send(both.substring(cut));
                ok += a.toUpperCase().equals(c.readLine()) ? 1 : 0;
                ok += b.toUpperCase().equals(c.readLine()) ? 1 : 0;
            }
        }
        return ok;
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void runsOnEventLoopsOfItsOwnTransport(String transport) throws Exception {
        Assumptions.assumeTrue(switch (transport) {
            case "epoll" -> Epoll.isAvailable();
            case "io_uring" -> IoUring.isAvailable();
            default -> true;
        }, transport + " is not available here");
        String yaml = yaml(ConcurrencyModel.EVENT_LOOP).replace("concurrency: event-loop",
                "concurrency: {model: event-loop, transport: " + transport + ", threads: 1}");
        try (RunningServer server = daemon.start(yaml)) {
            assertEquals(LINES, converse(server.loopback("lab"), 1));
        }
    }

    @ParameterizedTest
    @EnumSource(ConcurrencyModel.class)
    void appliesTheSameLengthLimitAndKeepsTheConnection(ConcurrencyModel model) throws Exception {
        try (RunningServer server = daemon.start(yaml(model));
             LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("x".repeat(100) + "\nstill here\n");
            assertEquals("ERROR line too long (max 64 bytes)\n", c.readLine());
            assertEquals("STILL HERE\n", c.readLine());
        }
    }
}
