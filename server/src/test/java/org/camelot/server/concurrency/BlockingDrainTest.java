package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConcurrencyModel;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A graceful shutdown of a blocking listener: what was accepted is answered, then connections close. */
class BlockingDrainTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private RunningServer start(ConcurrencyModel model, int sleepMillis) throws Exception {
        return daemon.start("""
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    concurrency: %s
                    work: {sleep-millis: %d}
                """.formatted(model, sleepMillis));
    }

    @ParameterizedTest
    @EnumSource(names = {"SEQUENTIAL", "THREAD_PER_CONNECTION", "THREAD_POOL", "VIRTUAL_THREADS"})
    void finishesTheAnswerInProgressThenCloses(ConcurrencyModel model) throws Exception {
        RunningServer server = start(model, 500);
        try (LineClient busy = LineClient.connect(server.loopback("lab"), 10_000)) {
            busy.send("in flight\n");
            Thread.sleep(150);
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            assertEquals("IN FLIGHT\n", busy.readLine());
            assertTrue(busy.closedByServer());
            // Long before the drain timeout: nothing else was in flight.
            shutdown.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"THREAD_PER_CONNECTION", "THREAD_POOL", "VIRTUAL_THREADS"})
    void closesIdleConnectionsAtOnce(ConcurrencyModel model) throws Exception {
        RunningServer server = start(model, 0);
        try (LineClient idle = LineClient.connect(server.loopback("lab"), 10_000)) {
            idle.send("hello\n");
            assertEquals("HELLO\n", idle.readLine());
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            assertTrue(idle.closedByServer());
            shutdown.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SEQUENTIAL", "THREAD_PER_CONNECTION", "THREAD_POOL", "VIRTUAL_THREADS"})
    void waitsForAMessageThatHasBegun(ConcurrencyModel model) throws Exception {
        RunningServer server = start(model, 0);
        try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("hel");
            Thread.sleep(100);
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            Thread.sleep(300);
            c.send("lo\n");
            assertEquals("HELLO\n", c.readLine());
            assertTrue(c.closedByServer());
            shutdown.get(10, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"SEQUENTIAL", "VIRTUAL_THREADS"})
    void closesWhatIsLeftWhenTheDrainTimeoutRunsOut(ConcurrencyModel model) throws Exception {
        RunningServer server = start(model, 0);
        try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
            c.send("never ");
            Thread.sleep(100);
            server.shutdown(Duration.ofMillis(300));
            assertTrue(c.closedByServer());
        } finally {
            server.close();
        }
    }
}
