package org.camelot.server.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.camelot.server.RunningServer;
import org.camelot.server.hostile.AnswerReader.Answer;
import org.camelot.server.hostile.AnswerReader.Closed;
import org.camelot.server.hostile.AnswerReader.Read;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The hostile-HTTP suite ({@code make test-hostile}, not part of {@code make test}): every request of the corpus in
 * {@code src/test/resources/hostile/} is sent to Camelot directly, then through HAProxy and through nginx as reverse
 * proxies in front of the same Camelot.
 *
 * <ul>
 *   <li>Directly, every answer must have the status the case file names, and the connection must then be closed,
 *       kept (a normal request on it gets its own answer), or either, as the case file says.</li>
 *   <li>Through each proxy, no request may run in Camelot that the proxy did not see as a request: Camelot's access
 *       log may not gain more lines than the proxy's, and no request for a path with {@code smuggle} in it (the
 *       corpus hides one in every smuggling attempt) may run in Camelot unless the proxy logged one too. After each
 *       case a fresh client asks the proxy for a file and must get that file: a request smuggled onto a connection
 *       the proxy reuses would answer it instead.</li>
 * </ul>
 * The results are printed as a table and written to {@code target/hostile/results.txt}.
 */
class HostileHttpSuite {

    private static final Path CORPUS = Path.of("src/test/resources/hostile");
    private static final String MARKER = "smuggle";
    private static final String MOTTO = "Camelot: a silly place, answered exactly once per request.\n";
    private static final byte[] NEXT_REQUEST = "GET /motto.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** Longer than the suite's request-timeout (3 s), so that a request Camelot waits on still gets its 408. */
    private static final int ANSWER_MILLIS = 5_000;
    private static final int CLOSE_MILLIS = 5_000;

    @TempDir
    static Path dir;
    static RunningServer camelot;
    static ProxyFront haproxy;
    static ProxyFront nginx;
    static final ListAppender<ILoggingEvent> access = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("motto.txt"), MOTTO);
        Files.writeString(www.resolve("index.html"), "<!doctype html><title>hostile</title>\n");
        access.start();
        ((Logger) LoggerFactory.getLogger("camelot.access.http")).addAppender(access);
        camelot = RunningServer.start(dir, """
                listeners:
                  http:
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                    request-timeout: 3s
                    keep-alive-timeout: 15s
                    routes:
                      files:
                        root: www
                """);
        haproxy = ProxyFront.haproxy(dir.resolve("haproxy"), camelot.port("http"));
        nginx = ProxyFront.nginx(dir.resolve("nginx"), camelot.port("http"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nginx, haproxy, camelot}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("hostile: stopping: " + e);
            }
        }
        ((Logger) LoggerFactory.getLogger("camelot.access.http")).detachAppender(access);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void everyHostileRequestGetsItsDocumentedAnswerAndNoneIsSmuggledPastAProxy() throws Exception {
        List<HostileCase> cases = HostileCase.loadAll(CORPUS);
        assertTrue(cases.size() >= 50, "the corpus has " + cases.size() + " cases");
        List<Row> rows = new ArrayList<>();
        for (HostileCase c : cases) {
            rows.add(new Row(c, direct(c), proxied(c, haproxy), proxied(c, nginx)));
        }
        String table = table(rows);
        System.out.println(table);
        Path out = Files.createDirectories(Path.of("target/hostile")).resolve("results.txt");
        Files.writeString(out, table);
        List<String> failures = rows.stream().filter(Row::failed).map(Row::failure).toList();
        assertFalse(!failures.isEmpty(), failures.size() + " of " + rows.size() + " cases failed:\n"
                + String.join("\n", failures) + "\n\n" + table);
    }

    /** What happened on one path (direct or through a proxy), and what is wrong with it ({@code null}: nothing). */
    record Outcome(String got, String problem) {
    }

    record Row(HostileCase c, Outcome direct, Outcome haproxy, Outcome nginx) {
        boolean failed() {
            return direct.problem != null || haproxy.problem != null || nginx.problem != null;
        }

        String failure() {
            StringBuilder b = new StringBuilder(c.name()).append(" (").append(c.description()).append("):");
            if (direct.problem != null) {
                b.append(" direct: ").append(direct.problem).append(';');
            }
            if (haproxy.problem != null) {
                b.append(" haproxy: ").append(haproxy.problem).append(';');
            }
            if (nginx.problem != null) {
                b.append(" nginx: ").append(nginx.problem).append(';');
            }
            return b.toString();
        }
    }

    private static Outcome direct(HostileCase c) throws IOException {
        int before = accessCount();
        List<String> got = new ArrayList<>();
        String problem = null;
        try (Socket s = connect(camelot.port("http"))) {
            AnswerReader reader = new AnswerReader(s);
            send(s, c.bytes());
            int n = 0;
            for (Set<Integer> accepted : c.expected()) {
                n++;
                Read read = reader.next(ANSWER_MILLIS);
                if (read instanceof Answer a) {
                    got.add(String.valueOf(a.status()));
                    if (!accepted.contains(a.status())) {
                        problem = "answer " + n + " has status " + a.status() + ", expected " + accepted;
                    }
                } else {
                    got.add(describe(read));
                    problem = "answer " + n + ": " + describe(read) + " instead of " + accepted;
                    break;
                }
            }
            if (problem == null) {
                problem = switch (c.closing()) {
                    case CLOSE -> {
                        String end = awaitClose(reader);
                        got.add(end);
                        yield end.endsWith("closed") ? null : "after the answers, the connection is " + end
                                + " instead of closed";
                    }
                    case KEEP, ANY -> {
                        String next = nextRequest(s, reader);
                        got.add(next == null ? "closed" : next.equals("ok") ? "kept" : next);
                        yield next == null ? (c.closing() == HostileCase.Closing.KEEP ? "the connection was closed"
                                : null) : next.equals("ok") ? null : "the next request on the connection: " + next;
                    }
                };
            }
        }
        quiesce(HostileHttpSuite::accessCount, () -> 0);
        List<String> lines = accessSince(before);
        long smuggled = ProxyFront.count(lines, MARKER);
        if (smuggled > 0 && problem == null) {
            problem = "a hidden request ran in Camelot: " + lines;
        }
        return new Outcome(String.join(" ", got), problem);
    }

    /**
     * "closed" when the server closes the connection within {@link #CLOSE_MILLIS}, also after one more 400 or 408: a
     * server may say why it gives up on a request whose head it has answered but whose body it could not read (a
     * malformed chunk, a body too slow). Otherwise what came instead.
     */
    private static String awaitClose(AnswerReader reader) {
        Read read = reader.next(CLOSE_MILLIS);
        if (read instanceof Answer a && (a.status() == 400 || a.status() == 408)) {
            Read after = reader.next(CLOSE_MILLIS);
            return after instanceof Closed ? a.status() + " closed" : a.status() + " then " + describe(after);
        }
        return switch (read) {
            case Closed c -> "closed";
            case Answer a -> "answering again (" + a.status() + ")";
            case AnswerReader.Silent s -> "open";
        };
    }

    /** Sends a normal request on the connection: "ok" when it gets its own answer, null when the connection closed. */
    private static String nextRequest(Socket s, AnswerReader reader) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(NEXT_REQUEST);
            out.flush();
        } catch (IOException e) {
            return null;
        }
        Read read = reader.next(ANSWER_MILLIS);
        if (read instanceof Closed closed && !closed.partial()) {
            return null;
        }
        if (read instanceof Answer a) {
            return a.status() == 200 && AnswerReader.text(a.body()).equals(MOTTO) ? "ok"
                    : "answered " + a.status() + " " + abbreviate(AnswerReader.text(a.body()));
        }
        return describe(read);
    }

    private static Outcome proxied(HostileCase c, ProxyFront front) throws IOException {
        if (!front.alive()) {
            return new Outcome("-", front.name() + " is not running: " + front.diagnostics());
        }
        int camelotBefore = accessCount();
        int frontBefore = front.loggedRequests().size();
        List<String> got = new ArrayList<>();
        try (Socket s = connect(front.port())) {
            AnswerReader reader = new AnswerReader(s);
            send(s, c.bytes());
            for (int i = 0; i < 8; i++) {
                Read read = reader.next(i == 0 ? ANSWER_MILLIS : 1_000);
                got.add(describe(read));
                if (!(read instanceof Answer)) {
                    break;
                }
            }
        }
        String probe = probe(front);
        quiesce(HostileHttpSuite::accessCount, () -> front.loggedRequests().size());
        List<String> camelotLines = accessSince(camelotBefore);
        List<String> frontLines = front.loggedRequests();
        frontLines = frontLines.subList(Math.min(frontBefore, frontLines.size()), frontLines.size());
        long camelotHidden = ProxyFront.count(camelotLines, MARKER);
        long frontHidden = ProxyFront.count(frontLines, MARKER);
        String counts = camelotLines.size() + "/" + frontLines.size();
        String problem = null;
        if (!front.alive()) {
            problem = front.name() + " died: " + front.diagnostics();
        } else if (camelotLines.size() > frontLines.size() || camelotHidden > frontHidden) {
            problem = "Camelot ran " + camelotLines.size() + " request(s) (" + camelotHidden + " hidden) where "
                    + front.name() + " saw " + frontLines.size() + " (" + frontHidden + "): Camelot " + camelotLines
                    + ", " + front.name() + " " + frontLines;
        } else if (probe != null) {
            problem = "the next client's request through " + front.name() + ": " + probe;
        }
        return new Outcome(String.join(" ", got) + " [" + counts + "]", problem);
    }

    /** A fresh client's request through the proxy: null when it gets its own file. */
    private static String probe(ProxyFront front) throws IOException {
        try (Socket s = connect(front.port())) {
            AnswerReader reader = new AnswerReader(s);
            send(s, "GET /motto.txt?probe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Read read = reader.next(ANSWER_MILLIS);
            if (read instanceof Answer a) {
                return a.status() == 200 && AnswerReader.text(a.body()).equals(MOTTO) ? null
                        : "answered " + a.status() + " " + abbreviate(AnswerReader.text(a.body()));
            }
            return describe(read);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Writes the bytes; a server that closes early may refuse the rest, which is its right. */
    private static void send(Socket s, byte[] bytes) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException refused) {
            // what was answered is still read
        }
    }

    private static String describe(Read read) {
        return switch (read) {
            case Answer a -> String.valueOf(a.status());
            case Closed c -> c.partial() ? "cut" : "closed";
            case AnswerReader.Silent s -> "silent";
        };
    }

    /** Waits until both counts have stayed still for half a second (at most 5 s): every log line is written. */
    private static void quiesce(Supplier<Integer> a, Supplier<Integer> b) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int lastA = a.get();
        int lastB = b.get();
        long stillSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            sleep(50);
            int nowA = a.get();
            int nowB = b.get();
            if (nowA != lastA || nowB != lastB) {
                lastA = nowA;
                lastB = nowB;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince > 500_000_000L) {
                return;
            }
        }
    }

    private static int accessCount() {
        synchronized (access) {
            return access.list.size();
        }
    }

    private static List<String> accessSince(int from) {
        synchronized (access) {
            return access.list.subList(from, access.list.size()).stream().map(ILoggingEvent::getFormattedMessage)
                    .map(l -> l.replaceFirst("^\\S+ - - \\[[^]]*] ", "")).toList();
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }

    private static String table(List<Row> rows) {
        String format = "%-34s %-22s %-20s %-26s %-26s %s%n";
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, format, "case", "expected (direct)", "direct", "haproxy [camelot/front]",
                "nginx [camelot/front]", "result"));
        int failed = 0;
        for (Row r : rows) {
            failed += r.failed() ? 1 : 0;
            b.append(String.format(Locale.ROOT, format, r.c().name(), r.c().expectation(), r.direct().got(),
                    r.haproxy().got(), r.nginx().got(), r.failed() ? "FAIL" : "pass"));
        }
        b.append(String.format(Locale.ROOT, "%n%d cases, %d passed, %d failed%n", rows.size(), rows.size() - failed,
                failed));
        for (Row r : rows) {
            if (r.failed()) {
                b.append("FAIL ").append(r.failure()).append('\n');
            }
        }
        return b.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
