package org.camelot.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.camelot.client.command.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the generator reports matches what a counting server saw, for every workload. */
class BenchCountsTest {

    @TempDir
    Path dir;

    @Test
    void upperRoundTripsMatchTheServersCount() throws Exception {
        try (CountingServer server = CountingServer.upper(0)) {
            Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-c", "20", "-n", "1000");
            assertEquals(0, b.exitCode(), b.err());
            assertEquals(1000, b.ok());
            assertEquals(1000, server.requests.get());
            assertEquals(20, server.connections.get());
            assertEquals(20, b.result().get("peakConnections").asInt());
        }
    }

    @Test
    void holdsAThousandConnectionsAtOnce() throws Exception {
        try (CountingServer server = CountingServer.upper(0)) {
            Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-c", "1000",
                    "--warmup", "6s", "-d", "1s", "--connect-limit", "100");
            assertEquals(0, b.exitCode(), b.err());
            assertEquals(1000, b.result().get("peakConnections").asInt(), b.result().toString());
            assertEquals(1000, server.connections.get());
            assertEquals(0, b.result().get("errors").size(), b.result().toString());
        }
    }

    @Test
    void warmUpOperationsAreSentButNotCounted() throws Exception {
        try (CountingServer server = CountingServer.upper(0)) {
            Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-c", "4", "-n", "300",
                    "--warmup", "300ms");
            assertEquals(300, b.ok());
            assertTrue(b.result().get("warmupOk").asLong() > 0);
            assertEquals(server.requests.get(), b.ok() + b.result().get("warmupOk").asLong());
        }
    }

    @Test
    void launcelotConversationsAskTenQuestionsOnANewConnectionEach() throws Exception {
        try (CountingServer server = CountingServer.launcelot(false)) {
            Bench b = Bench.run(dir, "launcelot", "127.0.0.1", String.valueOf(server.port()), "-c", "10", "-n", "200");
            assertEquals(0, b.exitCode(), b.err());
            assertEquals(200, b.ok());
            assertEquals(2000, b.result().get("exchanges").asLong());
            assertEquals(2000, server.requests.get());
            assertEquals(200, server.connections.get());
        }
    }

    @Test
    void launcelotConnectAsksTheThreeQuestions() throws Exception {
        try (CountingServer server = CountingServer.launcelot(false)) {
            Bench b = Bench.run(dir, "launcelot-connect", "127.0.0.1", String.valueOf(server.port()), "-c", "5",
                    "-n", "100");
            assertEquals(100, b.ok());
            assertEquals(300, server.requests.get());
            assertEquals(100, server.connections.get());
        }
    }

    @Test
    void wrongAnswersAreErrorsOfTheirOwnKind() throws Exception {
        try (CountingServer server = CountingServer.launcelot(true)) {
            Bench b = Bench.run(dir, "launcelot", "127.0.0.1", String.valueOf(server.port()), "-c", "2", "-n", "20");
            assertEquals(0, b.ok());
            assertEquals(20, b.errors("wrong-answer"));
            assertEquals(ExitCodes.FAILED, b.exitCode());
        }
    }

    @Test
    void httpRequestsMatchTheServersCountAndStatusesAreErrors() throws Exception {
        try (CountingServer server = CountingServer.http()) {
            Bench b = Bench.run(dir, "http", "http://127.0.0.1:" + server.port() + "/motto.txt", "-c", "8", "-n", "500");
            assertEquals(500, b.ok());
            assertEquals(500, server.requests.get());
            assertEquals(8, server.connections.get());
            Bench missing = Bench.run(dir, "http", "GET", "http://127.0.0.1:" + server.port() + "/missing", "-c", "2",
                    "-n", "10");
            assertEquals(10, missing.errors("http-404"));
        }
    }

    @Test
    void udpRoundTripsMatchTheServersCount() throws Exception {
        try (CountingServer server = CountingServer.udpEcho()) {
            Bench b = Bench.run(dir, "udp", "127.0.0.1", String.valueOf(server.port()), "-c", "4", "-n", "500",
                    "--size", "64");
            assertEquals(0, b.exitCode(), b.err());
            assertEquals(500, b.ok());
            assertEquals(500, server.requests.get());
        }
    }

    @Test
    void refusedConnectionsAreCountedByKind() throws Exception {
        int port;
        try (CountingServer closed = CountingServer.upper(0)) {
            port = closed.port();
        }
        Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(port), "-c", "2", "-d", "300ms");
        assertEquals(0, b.ok());
        assertTrue(b.errors("connect-refused") > 0, b.result().toString());
        assertEquals(ExitCodes.FAILED, b.exitCode());
    }
}
