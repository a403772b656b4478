package org.camelot.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.camelot.server.CamelotServer;
import org.camelot.server.DaemonStatus;
import org.camelot.server.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test daemon fixture itself: its clients reach its listeners by name, and what it starts it stops. */
class CamelotExtensionTest {

    @RegisterExtension
    static final CamelotExtension server = CamelotExtension.yaml(d -> {
        Files.writeString(Files.createDirectories(d.dir().resolve("site")).resolve("hello.txt"), "hello\n");
        return """
                listeners:
                  web: {protocol: http, host: 127.0.0.1, port: 0, routes: {files: {root: site}}}
                  webs:
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                    routes: {files: {root: site}}
                """ + d.tlsYaml(4) + """
                  knight: {protocol: launcelot, host: 127.0.0.1, port: 0}
                """;
    }).set("listeners.knight.unknown-answer=I know not.");

    /** A daemon per test, started by the test itself. */
    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    /** The same daemon, started anew for each test. */
    @RegisterExtension
    final CamelotExtension fresh =
            CamelotExtension.yaml("listeners:\n  up: {protocol: upper, host: 127.0.0.1, port: 0}\n").perMethod();

    static final List<Path> dirs = new ArrayList<>();
    static final List<CamelotServer> freshOnes = new ArrayList<>();

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theHttpClientSpeaksHttp11AndTrustsTheTestCa() throws Exception {
        for (URI base : List.of(server.httpUri("web"), server.httpsUri("webs"))) {
            HttpResponse<String> r = get(server.httpClient(), base.resolve("/hello.txt"));
            assertEquals(200, r.statusCode(), base.toString());
            assertEquals(HttpClient.Version.HTTP_1_1, r.version());
            assertEquals("hello\n", r.body());
        }
    }

    @Test
    void theHttp2ClientGetsHttp2ByAlpn() throws Exception {
        HttpResponse<String> r = get(server.http2Client(), server.httpsUri("webs").resolve("/hello.txt"));
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals("hello\n", r.body());
    }

    @Test
    void rawSocketsReachTheListenersByName() throws Exception {
        String request = "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try (Socket plain = server.socket("web"); Socket tls = server.tlsSocket("webs")) {
            for (Socket s : List.of(plain, tls)) {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
                assertTrue(answer.endsWith("\r\n\r\nhello\n"), answer);
            }
        }
    }

    @Test
    void overridesApplyAsTheDaemonsSetDoes() throws Exception {
        try (LineClient c = LineClient.connect(server.loopback("knight"))) {
            c.send("What is the air-speed velocity of an unladen swallow?");
            assertEquals("I know not.", c.readUntil('.'));
        }
    }

    @Test
    void aTestStartsItsOwnDaemonsAndTheyStopAfterIt() throws Exception {
        dirs.add(daemon.dir());
        assertNotEquals(server.dir(), daemon.dir());
        String yaml = "listeners:\n  up: {protocol: upper, host: 127.0.0.1, port: 0}\n";
        RunningServer first = daemon.start(yaml);
        RunningServer second = daemon.start(yaml);
        assertEquals(second.port("up"), daemon.port("up"), "look-ups name the last daemon started");
        for (RunningServer s : List.of(first, second)) {
            try (LineClient c = LineClient.connect(s.loopback("up"))) {
                c.send("both run\n");
                assertEquals("BOTH RUN\n", c.readUntil('\n'));
            }
        }
        daemon.stop();
        assertEquals(DaemonStatus.State.STOPPED, first.server().state());
        assertEquals(DaemonStatus.State.STOPPED, second.server().state());
    }

    @Test
    void eachTestHasADirectoryOfItsOwn() {
        dirs.add(daemon.dir());
        assertTrue(Files.isDirectory(daemon.dir()));
    }

    @Test
    void aPerMethodDaemonServesOneTest() throws Exception {
        freshOnes.add(fresh.server());
        try (LineClient c = LineClient.connect(fresh.loopback("up"))) {
            c.send("fresh\n");
            assertEquals("FRESH\n", c.readUntil('\n'));
        }
    }

    @Test
    void anotherTestGetsAnotherPerMethodDaemon() {
        freshOnes.add(fresh.server());
        assertEquals(DaemonStatus.State.SERVING, fresh.server().state());
    }

    @AfterAll
    static void directoriesAreRemoved() {
        assertEquals(dirs.size(), new HashSet<>(dirs).size(), "a new directory for each test");
        dirs.forEach(d -> assertFalse(Files.exists(d), d + " removed"));
        assertEquals(freshOnes.size(), new HashSet<>(freshOnes).size(), "a new daemon for each test");
        freshOnes.forEach(s -> assertEquals(DaemonStatus.State.STOPPED, s.state()));
    }
}
