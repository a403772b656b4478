package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What keeps a blocking listener bounded: idle timeouts, the listener's door (access rules, connection limits), and a
 * cut-off for peers that never read their replies.
 */
class BlockingLimitsTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private RunningServer start(String concurrency, String idle) throws Exception {
        return daemon.start("""
                shutdown-timeout: 1s
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    idle-timeout: %s
                    concurrency: %s
                """.formatted(idle, concurrency));
    }

    @Test
    void closesAConnectionIdleForTheIdleTimeout() throws Exception {
        try (RunningServer server = start("thread-per-connection", "300ms");
             LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("one\n");
            assertEquals("ONE\n", c.readLine());
            assertTrue(c.closedByServer());
        }
    }

    private RunningServer startWithDoor(String model, String door) throws Exception {
        return daemon.start("""
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    concurrency: %s
                %s
                """.formatted(model, door.indent(4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "thread-pool", "thread-per-connection", "virtual-threads"})
    void refusesConnectionsOverTheListenersMaxConnections(String model) throws Exception {
        try (RunningServer server = startWithDoor(model, "max-connections: 1");
             LineClient first = LineClient.connect(server.loopback("lab"), 10_000)) {
            first.send("first\n");
            assertEquals("FIRST\n", first.readLine());
            if (!model.equals("sequential")) {
                // The sequential thread is busy with the first connection and accepts nothing meanwhile.
                try (LineClient second = LineClient.connect(server.loopback("lab"), 10_000)) {
                    second.send("second\n");
                    assertTrue(second.closedByServer());
                }
            }
            first.close();
            assertEquals("THIRD\n", answerOnceAdmitted(server, "third\n"));
        }
    }

    /** A slot is given back once the server has seen the close, which may take a moment: retry until admitted. */
    private static String answerOnceAdmitted(RunningServer server, String line) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
                c.send(line);
                String answer = c.readLine();
                if (answer != null) {
                    return answer;
                }
            } catch (java.io.IOException refused) {
                // closed at the door: the first connection's slot is not free yet
            }
            Thread.sleep(50);
        }
        return null;
    }

    /**
     * A reload keeps a blocking listener's socket and, when its rules stay, its door: the connection open before the
     * reload still holds the only slot, a refusal is counted as on event loops, and new connections get the new
     * settings.
     */
    @Test
    void aReloadKeepsTheSocketAndTheDoorsCount() throws Exception {
        try (RunningServer server = startWithDoor("virtual-threads", "max-connections: 1");
             LineClient first = LineClient.connect(server.loopback("lab"), 10_000)) {
            int port = server.port("lab");
            first.send("first\n");
            assertEquals("FIRST\n", first.readLine());
            java.nio.file.Files.writeString(server.configFile(), """
                    listeners:
                      lab:
                        protocol: upper
                        max-line-length: 8
                        host: 127.0.0.1
                        port: %d
                        concurrency: virtual-threads
                        max-connections: 1
                    """.formatted(port));
            server.server().reload(new org.camelot.server.config.ConfigLoader().load(server.configFile(),
                    java.util.List.of()));
            assertEquals(port, server.port("lab"));
            try (LineClient second = LineClient.connect(server.loopback("lab"), 10_000)) {
                second.send("second\n");
                assertTrue(second.closedByServer(), "the slot taken before the reload still counts");
            }
            assertEquals(1.0, server.server().guard("lab").refusedCount("max-connections"));
            first.send("still here\n");
            assertEquals("STILL HERE\n", first.readLine(), "the open connection keeps its settings");
            first.close();
            assertEquals("ERROR line too long (max 8 bytes)\n", answerOnceAdmitted(server, "too long a line\n"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread-pool", "virtual-threads"})
    void appliesTheListenersAccessRules(String model) throws Exception {
        try (RunningServer server = startWithDoor(model, "deny: [127.0.0.1]");
             LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("let me in\n");
            assertTrue(c.closedByServer());
        }
        try (RunningServer server = startWithDoor(model, "allow: [127.0.0.0/8]");
             LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("let me in\n");
            assertEquals("LET ME IN\n", c.readLine());
        }
    }

    @Test
    void closesAPeerThatReadsNoneOfItsReplies() throws Exception {
        try (RunningServer server = start("thread-per-connection", "1s");
             LineClient c = LineClient.connect(server.loopback("lab"), 30_000)) {
            CompletableFuture<IOException> writer = CompletableFuture.supplyAsync(() -> {
                byte[] lines = ("x".repeat(1000) + "\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = c.socket().getOutputStream();
                    for (int i = 0; i < 100_000; i++) {
                        out.write(lines);
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // The server's write blocks once both socket buffers are full; after the idle timeout it gives up.
            IOException failure = writer.get(60, TimeUnit.SECONDS);
            assertTrue(failure != null, "the server kept a peer that reads nothing");
        }
    }
}
