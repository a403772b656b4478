package org.camelot.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.camelot.server.ModelListener;
import org.camelot.server.RunningServer;
import org.camelot.server.testing.CamelotExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The processes model: server processes started, restarted and stopped with the daemon. */
class ProcessesModelTest {

    @RegisterExtension
    final CamelotExtension daemon = CamelotExtension.onDemand();

    private static List<Long> awaitPids(ProcessGroup group, int count, List<Long> notThese)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Long> now = group.pids().stream().filter(p -> !notThese.contains(p)).toList();
            if (now.size() == count) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + count + " new processes, found " + group.pids());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void restartsAProcessThatDiesAndStopsAllWithTheDaemon() throws Exception {
        try (RunningServer server = daemon.start("""
                shutdown-timeout: 2s
                listeners:
                  lab:
                    protocol: upper
                    host: 127.0.0.1
                    port: 0
                    concurrency: {model: processes, processes: 2, process-model: virtual-threads}
                """)) {
            ProcessGroup group = (ProcessGroup) ((ModelListener) server.server().listeners().get("lab")).server();
            List<Long> first = awaitPids(group, 2, List.of());
            ProcessHandle killed = ProcessHandle.of(first.get(0)).orElseThrow();
            killed.destroyForcibly();
            killed.onExit().join();
            List<Long> replacement = awaitPids(group, 1, first);
            assertTrue(alive(first.get(1)));
            // The listener's port is held by the daemon, so the new process binds the same one.
            try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
                c.send("still served\n");
                assertEquals("STILL SERVED\n", c.readLine());
            }
            server.shutdown(java.time.Duration.ofSeconds(2));
            assertTrue(!alive(first.get(1)) && !alive(replacement.get(0)), "processes left running");
        }
    }

    /**
     * A reload reaches the processes: each reads the configuration file again and serves new connections with the
     * changed setting, while the processes themselves stay (no restart of the group).
     */
    @Test
    void theProcessesTakeAReload() throws Exception {
        String yaml = """
                shutdown-timeout: 2s
                listeners:
                  lab:
                    protocol: upper
                    max-line-length: 100
                    host: 127.0.0.1
                    port: 0
                    concurrency: {model: processes, processes: 2, process-model: virtual-threads}
                """;
        try (RunningServer server = daemon.start(yaml)) {
            ProcessGroup group = (ProcessGroup) ((ModelListener) server.server().listeners().get("lab")).server();
            List<Long> pids = awaitPids(group, 2, List.of());
            String line = "a line of forty bytes, or nearly so....\n";
            try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
                c.send(line);
                assertEquals(line.toUpperCase(java.util.Locale.ROOT), c.readLine());
            }
            java.nio.file.Files.writeString(server.configFile(), yaml.replace("max-line-length: 100",
                    "max-line-length: 20"));
            server.server().reload(new org.camelot.server.config.ConfigLoader().load(server.configFile(), List.of()));
            assertEquals(pids, group.pids(), "the same processes serve after the reload");
            // Every process must have reloaded: new connections spread over both, so several in a row are asked.
            long deadline = System.nanoTime() + 30_000_000_000L;
            int inARow = 0;
            while (inARow < 20) {
                String answer;
                try (LineClient c = LineClient.connect(server.loopback("lab"), 10_000)) {
                    c.send(line);
                    answer = c.readLine();
                }
                inARow = answer.equals("ERROR line too long (max 20 bytes)\n") ? inARow + 1 : 0;
                assertTrue(System.nanoTime() < deadline, "the processes did not take the reload: " + answer);
                if (inARow == 0) {
                    Thread.sleep(50);
                }
            }
            assertEquals(pids, group.pids());
        }
    }
}
