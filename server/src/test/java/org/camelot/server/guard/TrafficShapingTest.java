package org.camelot.server.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.server.RunningServer;
import org.camelot.server.config.ConfigException;
import org.camelot.server.config.ConfigLoader;
import org.camelot.server.testing.LineClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficShapingTest {

    @TempDir
    Path dir;

    @Test
    void writesAreHeldToTheConfiguredRate() throws Exception {
        try (RunningServer server = RunningServer.start(dir, """
                traffic-shaping:
                  write-bytes-per-second: 4000
                  check-interval: 100ms
                listeners:
                  upper: {protocol: upper, host: 127.0.0.1, port: 0, max-line-length: 2048}
                """)) {
            String line = "x".repeat(999) + "\n";
            try (LineClient c = LineClient.connect(server.loopback("upper"))) {
                long start = System.nanoTime();
                c.send(line.repeat(12));
                for (int i = 0; i < 12; i++) {
                    assertEquals(line.toUpperCase(), c.readUntil('\n'));
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // 12,000 bytes at 4,000 bytes/s cannot all arrive in much under two seconds.
                assertTrue(millis >= 1500, "12 kB at 4 kB/s took only " + millis + " ms");
            }
        }
    }

    @Test
    void negativeRatesAreRefused() throws Exception {
        Path f = dir.resolve("camelot.yaml");
        Files.writeString(f, "traffic-shaping: {read-bytes-per-second: -1}\nlisteners: {u: {protocol: upper, port: 0}}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(f, List.of()));
        assertTrue(e.getMessage().contains("traffic-shaping.read-bytes-per-second: -1"), e.getMessage());
    }

    @Test
    void connectionLimitsAreRefusedOnDatagramListeners() throws Exception {
        Path f = dir.resolve("camelot.yaml");
        Files.writeString(f, "listeners: {d: {protocol: test-discard-datagram, port: 0, max-connections: 5}}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(f, List.of()));
        assertTrue(e.getMessage().contains("listeners.d.max-connections: 5 (expected: nothing: connection limits"),
                e.getMessage());
        Files.writeString(f, "listeners: {d: {protocol: upper, port: 0, allow: [10.0.0.0/8, nonsense]}}\n");
        e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(f, List.of()));
        assertTrue(e.getMessage().contains("listeners.d.allow[1]: \"nonsense\" (expected: an IP address or a CIDR range"),
                e.getMessage());
    }
}
