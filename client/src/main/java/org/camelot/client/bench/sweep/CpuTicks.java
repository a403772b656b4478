package org.camelot.client.bench.sweep;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * CPU time from Linux's {@code /proc}, in clock ticks (1/100 s): the whole machine's, a process tree's, and who
 * listens on a port. Elsewhere every reading is empty and the sweep reports no CPU figures.
 */
final class CpuTicks {

    /** Ticks per second of {@code /proc}'s counters (USER_HZ, 100 on Linux). */
    static final double HZ = 100.0;

    private CpuTicks() {
    }

    /** {total, idle} ticks of all CPUs since boot, or empty. */
    static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** User and system ticks of a process and of its descendants still running. */
    static long tree(long pid) {
        long sum = process(pid);
        List<ProcessHandle> children = ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of());
        for (ProcessHandle c : children) {
            sum += process(c.pid());
        }
        return sum;
    }

    static long process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name may hold spaces and parentheses: fields are counted after its closing one.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process listening on a local TCP port, found through its socket's inode, when visible. */
    static OptionalLong listener(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        inode = f[9];
                    }
                }
            } catch (IOException e) {
                // no such table
            }
        }
        if (inode == null) {
            return OptionalLong.empty();
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(p.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (target.equals(String.valueOf(Files.readSymbolicLink(fd)))) {
                            return OptionalLong.of(Long.parseLong(p.getFileName().toString()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended, or one we may not look into
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
