package org.camelot.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stalls for a second: an open loop keeps its schedule, so every operation meant to start during the
 * stall has the wait in its latency; a closed loop sends nothing while it waits, so only one operation is slow.
 */
class OpenLoopTest {

    private static final int STALL_MILLIS = 1000;

    @TempDir
    Path dir;

    @Test
    void openLoopLatencyIncludesTheQueueingBehindAStall() throws Exception {
        try (CountingServer server = CountingServer.upper(STALL_MILLIS)) {
            Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-c", "1", "-R", "200",
                    "-d", "2s");
            assertEquals(400, b.ok(), b.result().toString());
            var latency = b.result().get("latency");
            assertTrue(latency.get("max").asDouble() >= STALL_MILLIS * 0.9, latency.toString());
            // About 200 of the 400 operations were due during the stall, waiting from 0 to 1 s each: the slowest
            // tenth of all operations waited most of the stall, where a closed loop shows one slow operation.
            assertTrue(latency.get("p90").asDouble() >= 500, latency.toString());
        }
    }

    @Test
    void closedLoopSeesOnlyTheOneStalledOperation() throws Exception {
        try (CountingServer server = CountingServer.upper(STALL_MILLIS)) {
            Bench b = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-c", "1", "-n", "400");
            var latency = b.result().get("latency");
            assertTrue(latency.get("max").asDouble() >= STALL_MILLIS * 0.9, latency.toString());
            assertTrue(latency.get("p90").asDouble() < 100, latency.toString());
        }
    }
}
