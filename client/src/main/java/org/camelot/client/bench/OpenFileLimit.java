package org.camelot.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Checks, before a run, that the process may open as many sockets as it is asked to, and says which limit to raise
 * when it may not. The JVM already raises its soft limit to the hard one at start-up.
 */
final class OpenFileLimit {

    /** Descriptors the JVM and Netty use besides the connections (jars, epoll, pipes, logs). */
    static final int OVERHEAD = 100;

    private OpenFileLimit() {
    }

    /** The soft RLIMIT_NOFILE of this process, from {@code /proc/self/limits}, when known. */
    static OptionalLong current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE)
                            : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: nothing to check
        }
        return OptionalLong.empty();
    }

    /** A message saying what to change, or {@code null} when {@code connections} fit under {@code limit}. */
    static String problem(int connections, long limit) {
        long needed = (long) connections + OVERHEAD;
        if (needed <= limit) {
            return null;
        }
        return connections + " connections need about " + needed + " open files, but this process may open "
                + limit + " (RLIMIT_NOFILE). Raise the limit before starting: `ulimit -n " + needed + "` in the "
                + "shell (up to the hard limit, `ulimit -Hn`; beyond it as root, in /etc/security/limits.conf, "
                + "systemd LimitNOFILE= or docker --ulimit nofile=" + needed + ":" + needed + "), or use fewer "
                + "connections. The server needs as many on its side.";
    }
}
