package org.camelot.server.launcelot;

import static org.camelot.server.launcelot.LauncelotConnection.ANSWERS;
import static org.camelot.server.launcelot.LauncelotConnection.COLOR;
import static org.camelot.server.launcelot.LauncelotConnection.NAME;
import static org.camelot.server.launcelot.LauncelotConnection.QUEST;
import static org.camelot.server.launcelot.LauncelotConnection.QUESTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.camelot.protocol.launcelot.Launcelot;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The launcelot protocol on a real daemon, over real sockets. */
class LauncelotServerTest {

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> """
                listeners:
                  launcelot:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                  strict:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                    unknown-question: close
                    max-question-length: 64
                  sleepy:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                    idle-timeout: 300ms
                  custom:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                    questions:
                      - question: "¿Cómo te llamas?"
                        answer: Me llamo Lancelote.
                      - question: What is the capital of Assyria?
                        answer: Nineveh.
                    unknown-answer: No sé.
                  secure:
                    protocol: launcelot
                    host: 127.0.0.1
                    port: 0
                """ + d.tlsYaml(4));

    private static LauncelotConnection connect(String listener) throws Exception {
        return LauncelotConnection.open(server.loopback(listener));
    }

    @Test
    void answersAllThreeQuestionsInOrder() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            assertEquals("My name is Sir Launcelot of Camelot.", c.ask(NAME));
            assertEquals("To seek the Holy Grail.", c.ask(QUEST));
            assertEquals("Blue.", c.ask(COLOR));
        }
    }

    @Test
    void sendsNothingButTheAnswerBytes() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            c.send(COLOR);
            byte[] got = c.socket().getInputStream().readNBytes(5);
            assertEquals("Blue.", new String(got, StandardCharsets.US_ASCII));
            c.socket().setSoTimeout(200);
            assertEquals(0, c.socket().getInputStream().available(), "no line ending after the answer");
        }
    }

    @Test
    void answersQuestionsSplitByteByByte() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            for (int round = 0; round < 2; round++) {
                for (String q : QUESTIONS) {
                    for (int i = 0; i < q.length(); i++) {
                        c.send(q.substring(i, i + 1));
                        Thread.sleep(0, 200_000);
                    }
                }
                for (String a : ANSWERS) {
                    assertEquals(a, c.answer());
                }
            }
        }
    }

    @Test
    void answersCoalescedQuestionsInOrder() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            c.send(COLOR + NAME + QUEST + NAME);
            assertEquals("Blue.", c.answer());
            assertEquals("My name is Sir Launcelot of Camelot.", c.answer());
            assertEquals("To seek the Holy Grail.", c.answer());
            assertEquals("My name is Sir Launcelot of Camelot.", c.answer());
        }
    }

    @Test
    void answersTenQuestionsOnOneConnection() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            for (int i = 0; i < 10; i++) {
                assertEquals(ANSWERS[i % 3], c.ask(QUESTIONS[i % 3]), "question " + i);
            }
        }
    }

    @Test
    void repliesToAnUnknownQuestionAndKeepsTheConnection() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            assertEquals("I do not know that.", c.ask("What is the airspeed velocity of an unladen swallow?"));
            assertEquals("Blue.", c.ask(COLOR));
        }
    }

    @Test
    void closesOnAnUnknownQuestionWhenConfiguredAndOthersCarryOn() throws Exception {
        try (LauncelotConnection other = connect("strict"); LauncelotConnection c = connect("strict")) {
            assertEquals("Blue.", other.ask(COLOR));
            assertEquals("To seek the Holy Grail.", c.ask(QUEST));
            c.send("What is the airspeed velocity of an unladen swallow?");
            assertTrue(c.closedByServer());
            assertEquals("My name is Sir Launcelot of Camelot.", other.ask(NAME));
        }
        try (LauncelotConnection next = connect("strict")) {
            assertEquals("Blue.", next.ask(COLOR));
        }
    }

    @Test
    void closesAndLogsAnOverLongQuestion() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(Launcelot.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (LauncelotConnection c = connect("strict")) {
            assertEquals("Blue.", c.ask(COLOR));
            c.send("x".repeat(65));
            assertTrue(c.closedByServer());
        } finally {
            logger.detachAppender(log);
        }
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("question over 64 bytes")),
                "logged: " + log.list);
    }

    @Test
    void answersAQuestionOfExactlyTheLimit() throws Exception {
        try (LauncelotConnection c = connect("launcelot")) {
            assertEquals("I do not know that.", c.ask("x".repeat(1023) + "?"));
            c.send("x".repeat(1024));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void servesTheTableFromTheConfiguration() throws Exception {
        try (LauncelotConnection c = connect("custom")) {
            assertEquals("Me llamo Lancelote.", c.ask("¿Cómo te llamas?"));
            assertEquals("Nineveh.", c.ask("What is the capital of Assyria?"));
            assertEquals("No sé.", c.ask(NAME));
        }
    }

    @Test
    void closesAnIdleConnection() throws Exception {
        try (LauncelotConnection c = connect("sleepy")) {
            assertEquals("Blue.", c.ask(COLOR));
            long start = System.nanoTime();
            assertTrue(c.closedByServer());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void answersOverTls() throws Exception {
        try (SSLSocket tls = server.tlsSocket("secure"); LauncelotConnection c = new LauncelotConnection(tls)) {
            c.send(NAME + QUEST.substring(0, 5));
            assertEquals("My name is Sir Launcelot of Camelot.", c.answer());
            c.send(QUEST.substring(5));
            assertEquals("To seek the Holy Grail.", c.answer());
            assertEquals("Blue.", c.ask(COLOR));
        }
    }

    @Test
    void answersTwoHundredConcurrentClientsTenQuestionsEach() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int client = 0; client < 200; client++) {
                int first = client % 3;
                results.add(pool.submit(() -> {
                    int right = 0;
                    try (LauncelotConnection c = connect("launcelot")) {
                        for (int i = 0; i < 10; i++) {
                            int q = (first + i) % 3;
                            if (ANSWERS[q].equals(c.ask(QUESTIONS[q]))) {
                                right++;
                            }
                        }
                    }
                    return right;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : results) {
                answered += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(2000, answered);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void answersEverythingToAClientThatReadsLate() throws Exception {
        // 300,000 questions (6.6 MB of answers, more than the loopback socket buffers hold) sent without reading: the
        // server must pause reading rather than buffer every answer, and resume once the client reads.
        int count = 300_000;
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(server.loopback("launcelot"), 5_000);
        try (LauncelotConnection c = new LauncelotConnection(socket)) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < count; i++) {
                        batch.append(QUESTIONS[i % 3]);
                        if (batch.length() > 8192) {
                            c.send(batch.toString());
                            batch.setLength(0);
                        }
                    }
                    c.send(batch.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            for (int i = 0; i < count; i++) {
                assertEquals(ANSWERS[i % 3], c.answer(), "answer " + i);
            }
            writer.join(10_000);
        }
    }

    @Test
    void keepsASlowReaderWhoseAnswersAreStillGoingOutPastTheIdleTimeout() throws Exception {
        // The answers wait in the server (it stops reading questions until the client catches up) for much longer than
        // the listener's 300 ms idle timeout in all, but the client takes some every 150 ms: that is not idle, and a
        // connection closed for it would leave questions unanswered.
        int count = 300_000;
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(server.loopback("sleepy"), 5_000);
        try (LauncelotConnection c = new LauncelotConnection(socket)) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    String batch = COLOR.repeat(1000);
                    for (int i = 0; i < count / 1000; i++) {
                        c.send(batch);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (i % 30_000 == 0) {
                    Thread.sleep(150);
                }
                assertEquals("Blue.", c.answer(), "answer " + i);
            }
            assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(1_000));
            writer.join(10_000);
        }
    }
}
