package org.camelot.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camelot.client.bench.report.ResultFiles;
import org.camelot.client.command.ExitCodes;
import org.camelot.client.http.Http2TestServer;
import org.camelot.client.http.NginxPeer;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench http --http2 --streams N} against a real HTTP/2 server: N streams at once on each connection, the
 * server's count matches, both loops, the protocol in the JSON and the CSV, and a clear error kind for a server
 * that does not speak HTTP/2.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2BenchTest {

    /** Each answer waits this long, so that a connection's streams are seen open together. */
    private static final long DELAY_MILLIS = 40;

    @TempDir
    Path dir;

    @Test
    void carriesNConcurrentStreamsOnOneConnection() throws Exception {
        try (Http2TestServer server = new Http2TestServer(true, DELAY_MILLIS)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "8", "-c", "1", "-n", "200",
                    "http://127.0.0.1:" + server.port() + "/motto.txt");
            assertEquals(0, b.exitCode(), b.err() + b.out());
            assertEquals(200, b.ok(), b.out());
            assertEquals(200, server.requests.get());
            assertEquals(1, server.connections.get());
            assertEquals(8, server.mostStreamsAtOnce.get());
            assertEquals(1, b.result().get("peakConnections").asInt());
            assertTrue(server.protocols.stream().allMatch("HTTP/2"::equals), server.protocols.toString());
            assertTrue(b.out().contains("closed loop, 1 connections x 8 streams"), b.out());
        }
    }

    @Test
    void negotiatesH2OverTlsOnEachConnection() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (Http2TestServer server = new Http2TestServer(pki, true, DELAY_MILLIS)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "4", "-c", "3", "-n", "120",
                    "--cacert", pki.caPem().toString(), "https://localhost:" + server.port() + "/motto.txt");
            assertEquals(0, b.exitCode(), b.err() + b.out());
            assertEquals(120, b.ok(), b.out());
            assertEquals(120, server.requests.get());
            assertEquals(3, server.connections.get());
            assertEquals(4, server.mostStreamsAtOnce.get());
            assertTrue(server.protocols.stream().allMatch("HTTP/2"::equals), server.protocols.toString());
        }
    }

    @Test
    void openLoopSpreadsItsRateOverTheStreams() throws Exception {
        try (Http2TestServer server = new Http2TestServer(true, DELAY_MILLIS)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "4", "-c", "2", "-R", "200", "-d", "1s",
                    "http://127.0.0.1:" + server.port() + "/motto.txt");
            assertEquals(0, b.exitCode(), b.err() + b.out());
            assertEquals("open", b.result().get("mode").asText());
            assertTrue(b.ok() > 100, b.result().toString());
            assertEquals(0, b.result().get("errors").size(), b.result().toString());
            assertEquals(b.ok(), server.requests.get());
            assertTrue(server.connections.get() <= 2, "connections: " + server.connections.get());
            assertTrue(b.out().contains("(at most 8 in flight on 2 connections x 4 streams)"), b.out());
        }
    }

    @Test
    void theJsonAndTheCsvNameTheProtocolAndTheStreams() throws Exception {
        Path csv = dir.resolve("h2.csv");
        try (Http2TestServer server = new Http2TestServer(true, 0)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "5", "-c", "2", "-n", "50",
                    "--csv", csv.toString(), "http://127.0.0.1:" + server.port() + "/motto.txt");
            assertEquals("HTTP/2", b.result().get("protocol").asText());
            assertEquals(5, b.result().get("streams").asInt());
            assertEquals(2, b.result().get("connections").asInt());
            List<String> lines = Files.readAllLines(csv);
            assertEquals(ResultFiles.CSV_HEADER, lines.get(0));
            assertTrue(lines.get(0).endsWith(",protocol,streams"), lines.get(0));
            assertTrue(lines.get(1).endsWith(",HTTP/2,5"), lines.get(1));
        }
        try (CountingServer h1 = CountingServer.http()) {
            Bench b = Bench.run(dir, "http", "-n", "10", "-c", "2", "--csv", csv.toString(),
                    "http://127.0.0.1:" + h1.port() + "/motto.txt");
            assertEquals("HTTP/1.1", b.result().get("protocol").asText());
            assertEquals(1, b.result().get("streams").asInt());
            assertTrue(Files.readAllLines(csv).get(1).endsWith(",HTTP/1.1,1"));
        }
    }

    @Test
    void errorStatusesAreCountedPerStream() throws Exception {
        try (Http2TestServer server = new Http2TestServer(true, 0)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "3", "-c", "1", "-n", "12",
                    "http://127.0.0.1:" + server.port() + "/missing");
            assertEquals(12, b.errors("http-404"));
            assertEquals(12, server.requests.get());
            assertEquals(1, server.connections.get(), "a 404 does not cost the connection");
        }
    }

    @Test
    void aStreamThatTimesOutIsResetAndItsConnectionCarriesOn() throws Exception {
        try (Http2TestServer slow = new Http2TestServer(true, 3000)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "3", "-c", "1", "-n", "6", "--timeout", "300ms",
                    "http://127.0.0.1:" + slow.port() + "/motto.txt");
            assertEquals(6, b.errors("timeout"), b.result().toString());
            assertEquals(6, slow.requests.get());
            assertEquals(1, slow.connections.get(), "a timed-out stream does not cost the connection");
        }
    }

    @Test
    void aServerWithoutHttp2IsAnErrorOfItsOwnKind() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (Http2TestServer cleartext = new Http2TestServer(false, 0);
             Http2TestServer tls = new Http2TestServer(pki, false, 0)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "2", "-c", "1", "-d", "300ms",
                    "http://127.0.0.1:" + cleartext.port() + "/motto.txt");
            assertEquals(ExitCodes.FAILED, b.exitCode());
            assertTrue(b.errors("no-h2") > 0, b.result().toString());
            assertTrue(b.out().contains("note: the server does not speak HTTP/2"), b.out());
            Bench overTls = Bench.run(dir, "http", "--http2", "-c", "1", "-d", "300ms",
                    "--cacert", pki.caPem().toString(), "https://localhost:" + tls.port() + "/motto.txt");
            assertTrue(overTls.errors("no-h2") > 0, overTls.result().toString());
            assertEquals(0, tls.requests.get());
        }
    }

    @Test
    void loadsNginxsHttp2AndMovesOnAfterItsGoaway() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        try (NginxPeer nginx = new NginxPeer(dir.resolve("nginx"), pki)) {
            Bench b = Bench.run(dir, "http", "--http2", "--streams", "6", "-c", "2", "-n", "300",
                    "--cacert", pki.caPem().toString(), "https://localhost:" + nginx.tlsPort + "/motto.txt");
            assertEquals(0, b.exitCode(), b.err() + b.out());
            assertEquals(300, b.ok(), b.out());
            assertEquals("HTTP/2", b.result().get("protocol").asText());
            List<String> log = nginx.awaitAccessLines(300, "/motto.txt");
            assertEquals(300, log.size());
            assertTrue(log.stream().allMatch(l -> l.contains(" HTTP/2.0 200 /motto.txt")), log.toString());
            // nginx sends GOAWAY after keepalive_requests on a connection: the generator moves on to a new one.
            long connections = log.stream().map(l -> l.split(" ")[0]).distinct().count();
            assertTrue(connections >= 300 / NginxPeer.KEEPALIVE_REQUESTS, "connections: " + connections);
            assertEquals(connections, b.result().get("connectionsOpened").asLong());
        }
    }

    @Test
    void streamsNeedHttp2() throws Exception {
        Bench b = Bench.run(dir, "http", "--streams", "4", "http://127.0.0.1:1/");
        assertEquals(ExitCodes.USAGE, b.exitCode());
        assertTrue(b.err().contains("--streams needs --http2"), b.err());
    }
}
