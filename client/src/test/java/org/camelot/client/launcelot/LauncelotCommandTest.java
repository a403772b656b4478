package org.camelot.client.launcelot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.camelot.client.Main;
import org.camelot.client.command.ExitCodes;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LauncelotCommandTest {

    private static final String THREE_ANSWERS = """
            My name is Sir Launcelot of Camelot.
            To seek the Holy Grail.
            Blue.
            """;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String stdout() {
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    private String stderr() {
        return err.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void asksTheThreeQuestionsInOrderAndPrintsTheAnswers() throws Exception {
        try (FakeLauncelotServer s = new FakeLauncelotServer(FakeLauncelotServer.book())) {
            assertEquals(0, run("launcelot", "127.0.0.1", String.valueOf(s.port())), stderr());
            assertEquals(THREE_ANSWERS, stdout());
            assertEquals(List.of("0:What is your name?", "0:What is your quest?", "0:What is your favorite color?"),
                    s.seen);
        }
    }

    @Test
    void repeatsTheQuestionsOnOneConnection() throws Exception {
        try (FakeLauncelotServer s = new FakeLauncelotServer(FakeLauncelotServer.book())) {
            assertEquals(0, run("launcelot", "127.0.0.1", String.valueOf(s.port()), "--repeat", "4"), stderr());
            assertEquals(THREE_ANSWERS.repeat(4), stdout());
            assertEquals(12, s.seen.size());
            assertTrue(s.seen.stream().allMatch(q -> q.startsWith("0:")), "one connection: " + s.seen);
        }
    }

    @Test
    void readsAnAnswerThatArrivesByteByByte() throws Exception {
        FakeLauncelotServer.Behaviour trickle = (q, o) -> {
            for (byte b : FakeLauncelotServer.BOOK.get(q).getBytes(StandardCharsets.UTF_8)) {
                o.write(b);
                o.flush();
            }
            return true;
        };
        try (FakeLauncelotServer s = new FakeLauncelotServer(trickle)) {
            assertEquals(0, run("launcelot", "127.0.0.1", String.valueOf(s.port())), stderr());
            assertEquals(THREE_ANSWERS, stdout());
        }
    }

    @Test
    void failsWithOneLineOnAWrongAnswer() throws Exception {
        FakeLauncelotServer.Behaviour wrong = (q, o) -> {
            o.write((q.contains("color") ? "Yellow." : FakeLauncelotServer.BOOK.get(q))
                    .getBytes(StandardCharsets.UTF_8));
            return true;
        };
        try (FakeLauncelotServer s = new FakeLauncelotServer(wrong)) {
            assertEquals(ExitCodes.FAILED, run("launcelot", "127.0.0.1", String.valueOf(s.port())));
            assertEquals("My name is Sir Launcelot of Camelot.\nTo seek the Holy Grail.\n", stdout());
            assertEquals("launcelot: 127.0.0.1:" + s.port() + " answered \"Yellow.\" to \"What is your favorite color?\""
                    + " (expected \"Blue.\")\n", stderr());
        }
    }

    @Test
    void failsWithOneLineWhenTheServerHangsUp() throws Exception {
        FakeLauncelotServer.Behaviour hangUp = (q, o) -> {
            if (q.contains("quest")) {
                o.write("To seek".getBytes(StandardCharsets.UTF_8));
                return false;
            }
            o.write(FakeLauncelotServer.BOOK.get(q).getBytes(StandardCharsets.UTF_8));
            return true;
        };
        try (FakeLauncelotServer s = new FakeLauncelotServer(hangUp)) {
            assertEquals(ExitCodes.FAILED, run("launcelot", "127.0.0.1", String.valueOf(s.port())));
            assertEquals("launcelot: 127.0.0.1:" + s.port() + " closed the connection before answering"
                    + " \"What is your quest?\" (got \"To seek\")\n", stderr());
        }
    }

    @Test
    void failsWithOneLineWhenNoAnswerComesInTime() throws Exception {
        try (FakeLauncelotServer s = new FakeLauncelotServer((q, o) -> true)) {
            long start = System.nanoTime();
            assertEquals(ExitCodes.FAILED, run("launcelot", "127.0.0.1", String.valueOf(s.port()), "--timeout", "300ms"));
            assertEquals("launcelot: 127.0.0.1:" + s.port() + ": no answer to \"What is your name?\" within 300ms\n",
                    stderr());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void failsWithOneLineWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertEquals(ExitCodes.FAILED, run("launcelot", "127.0.0.1", String.valueOf(port)));
        assertTrue(stderr().startsWith("launcelot: 127.0.0.1:" + port + ": cannot connect"), stderr());
        assertEquals(1, stderr().lines().count());
    }

    @Test
    void asksTheQuestionsGivenOnTheCommandLine() throws Exception {
        try (FakeLauncelotServer s = new FakeLauncelotServer(FakeLauncelotServer.book())) {
            assertEquals(0, run("launcelot", "127.0.0.1", String.valueOf(s.port()),
                    "--question", "What is your quest?", "--answer", "To seek the Holy Grail.",
                    "--question", "Huh?", "--answer", "I do not know that."), stderr());
            assertEquals("To seek the Holy Grail.\nI do not know that.\n", stdout());
        }
    }

    @Test
    void refusesUnpairedOrMalformedQuestions() {
        assertEquals(2, run("launcelot", "127.0.0.1", "--question", "Who?"));
        assertTrue(stderr().contains("one --answer for each --question"), stderr());
        assertEquals(2, run("launcelot", "127.0.0.1", "--question", "Who", "--answer", "Me."));
        assertEquals(2, run("launcelot", "127.0.0.1", "--question", "Who?", "--answer", "Mr. Smith."));
        assertEquals(2, run("launcelot", "127.0.0.1", "--repeat", "0"));
        assertEquals(2, run("launcelot", "127.0.0.1", "--cacert", "ca.pem"));
        assertEquals(2, run("launcelot", "127.0.0.1", "--timeout", "0s"));
        assertEquals(2, run("launcelot", "127.0.0.1", "--timeout", "soon"));
    }

    @Test
    void asksOverTlsTrustingTheGivenCa(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(pki.server().toKeyManagerFactory().getKeyManagers(), null, null);
        try (FakeLauncelotServer s = new FakeLauncelotServer(ssl.getServerSocketFactory(), FakeLauncelotServer.book())) {
            assertEquals(0, run("launcelot", "localhost", String.valueOf(s.port()), "--tls",
                    "--cacert", pki.caPem().toString()), stderr());
            assertEquals(THREE_ANSWERS, stdout());
        }
    }

    @Test
    void refusesAServerItCannotTrust(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("server"));
        TestPki other = TestPki.create(dir.resolve("other"));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(pki.server().toKeyManagerFactory().getKeyManagers(), null, null);
        try (FakeLauncelotServer s = new FakeLauncelotServer(ssl.getServerSocketFactory(), FakeLauncelotServer.book())) {
            assertEquals(ExitCodes.FAILED, run("launcelot", "localhost", String.valueOf(s.port()), "--tls",
                    "--cacert", other.caPem().toString()));
            assertTrue(stderr().startsWith("launcelot: localhost:" + s.port() + ": TLS failed: "), stderr());
            assertEquals(1, stderr().lines().count(), stderr());
            assertEquals("", stdout());
        }
    }
}
