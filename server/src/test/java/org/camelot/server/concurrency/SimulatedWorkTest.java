package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulated handler work runs where the protocol runs: on an event loop it holds up every connection of that loop;
 * on virtual threads the waits overlap. Only lower bounds on time are asserted where the outcome is certain; the one
 * upper bound leaves a factor of two.
 */
class SimulatedWorkTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private RunningServer start(String concurrency, String work) throws Exception {
        return daemon.start("""
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    concurrency: %s
                    work: %s
                """.formatted(concurrency, work));
    }

    /** Sends one line on each of {@code clients} connections at once; returns the milliseconds until all answered. */
    private static long oneLineEach(InetSocketAddress address, int clients) throws Exception {
        List<LineClient> connections = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                connections.add(LineClient.connect(address, 30_000));
            }
            long start = System.nanoTime();
            List<Future<String>> answers = new ArrayList<>();
            for (LineClient c : connections) {
                answers.add(pool.submit(() -> {
                    c.send("work\n");
                    return c.readLine();
                }));
            }
            for (Future<String> a : answers) {
                assertEquals("WORK\n", a.get());
            }
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            for (LineClient c : connections) {
                c.close();
            }
        }
    }

    @Test
    void aSleepingHandlerStallsEveryConnectionOfItsEventLoop() throws Exception {
        try (RunningServer server = start("{model: event-loop, threads: 1}", "{sleep-millis: 200}")) {
            assertTrue(oneLineEach(server.loopback("lab"), 4) >= 4 * 200);
        }
    }

    @Test
    void virtualThreadsWaitSideBySide() throws Exception {
        try (RunningServer server = start("virtual-threads", "{sleep-millis: 300}")) {
            long millis = oneLineEach(server.loopback("lab"), 10);
            assertTrue(millis >= 300);
            assertTrue(millis < 10 * 300 / 2, "10 waits of 300 ms took " + millis + " ms: they did not overlap");
        }
    }

    @Test
    void cpuWorkTakesAtLeastItsTimeForEachRequest() throws Exception {
        try (RunningServer server = start("sequential", "{cpu-micros: 50000}");
             LineClient c = LineClient.connect(server.loopback("lab"), 30_000)) {
            long start = System.nanoTime();
            c.send("a\nb\nc\nd\ne\n");
            for (String expected : List.of("A\n", "B\n", "C\n", "D\n", "E\n")) {
                assertEquals(expected, c.readLine());
            }
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 5 * 50);
        }
    }
}
