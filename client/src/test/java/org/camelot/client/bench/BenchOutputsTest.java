package org.camelot.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.camelot.client.bench.report.ResultFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final table, the CSV line and the HdrHistogram log of a run. */
class BenchOutputsTest {

    @TempDir
    Path dir;

    @Test
    void writesTheTableTheCsvAndAHistogramLogThatAddUp() throws Exception {
        Path csv = dir.resolve("r.csv");
        Path log = dir.resolve("r.hlog");
        try (CountingServer server = CountingServer.launcelot(false)) {
            Bench b = Bench.run(dir, "launcelot", "127.0.0.1", String.valueOf(server.port()), "-c", "4",
                    "-d", "1500ms", "--csv", csv.toString(), "--hdr-log", log.toString());
            assertTrue(b.out().contains("latency (ms)"), b.out());
            assertTrue(b.out().contains("p99.9"), b.out());
            assertTrue(b.out().contains("questions"), b.out());
            assertTrue(b.out().contains("errors by kind: none"), b.out());

            List<String> lines = Files.readAllLines(csv);
            assertEquals(2, lines.size());
            assertEquals(ResultFiles.CSV_HEADER, lines.get(0));
            String[] row = lines.get(1).split(",");
            assertEquals("launcelot", row[0]);
            assertEquals(String.valueOf(b.ok()), row[6]);

            long logged = 0;
            HistogramLogReader reader = new HistogramLogReader(log.toFile());
            for (EncodableHistogram h; (h = reader.nextIntervalHistogram()) != null; ) {
                logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
            assertEquals(b.ok(), logged);
        }
    }

    @Test
    void drawsAProgressLineOnlyWhenAsked() throws Exception {
        try (CountingServer server = CountingServer.upper(0)) {
            Bench quiet = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-d", "1200ms");
            assertTrue(!quiet.out().contains("\r"));
            Bench live = Bench.run(dir, "upper", "127.0.0.1", String.valueOf(server.port()), "-d", "1200ms",
                    "--progress", "always");
            assertTrue(live.out().contains("\r\033[K"), live.out());
            assertTrue(live.out().contains("/s  ok "), live.out());
        }
    }

    @Test
    void refusesMoreConnectionsThanTheOpenFilesLimitWithAdvice() {
        String m = OpenFileLimit.problem(30_000, 20_000);
        assertTrue(m.contains("RLIMIT_NOFILE"), m);
        assertTrue(m.contains("ulimit -n 30100"), m);
        assertEquals(null, OpenFileLimit.problem(1000, 20_000));
    }
}
