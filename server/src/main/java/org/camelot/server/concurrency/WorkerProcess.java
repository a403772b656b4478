package org.camelot.server.concurrency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One server process of the processes model. Its output is copied to the daemon's; it is stopped with SIGTERM (it drains
 * like any daemon), and it stops by itself when its standard input closes, so that it never outlives the daemon.
 */
final class WorkerProcess {

    /** The line that makes a process reload; see {@code Main}'s {@code --process-worker}. */
    static final byte[] RELOAD = "reload\n".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final List<String> command;
    private final Path readyFile;
    private volatile Process process;
    private volatile long startedNanos;
    private volatile boolean ready;

    WorkerProcess(String name, List<String> command, Path readyFile) {
        this.name = name;
        this.command = command;
        this.readyFile = readyFile;
    }

    String name() {
        return name;
    }

    /** Starts the process; {@link #awaitReady} then waits for its listener to be bound. */
    void start() throws IOException {
        Files.deleteIfExists(readyFile);
        ready = false;
        Process p = new ProcessBuilder(command).start();
        // Through this JVM's own streams rather than inherited, so that a redirection of the daemon's output
        // (a log collector, a test runner) sees the processes' lines too.
        copy(p.getInputStream(), System.out, "out");
        copy(p.getErrorStream(), System.err, "err");
        process = p;
        startedNanos = System.nanoTime();
    }

    private void copy(InputStream from, PrintStream to, String what) {
        Thread.ofPlatform().daemon().name(name.replace(' ', '-') + "-" + what).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    to.println(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
    }

    /** Waits until the process has written its ready file, which it does once its listener is bound. */
    void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Process p = process;
        while (!Files.exists(readyFile)) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with code " + p.exitValue() + " before it was ready"
                        + " (its own message is above)");
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(name + " was not ready after " + timeout.toSeconds() + "s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException(name + ": interrupted while starting");
            }
        }
        ready = true;
    }

    /** Whether the current process is running and has bound its listener. */
    boolean ready() {
        return ready && alive();
    }

    /** Completes when the current process exits, with its exit code. */
    CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    long pid() {
        return process.pid();
    }

    /** How long the current process has been running. */
    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Tells the process to read its configuration again, as SIGHUP tells the daemon: a {@code reload} line on its
     * standard input (which it reads anyway, to stop when the daemon is gone). A process not running is skipped: it
     * reads the file when it starts again.
     */
    synchronized void reload() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            p.getOutputStream().write(RELOAD);
            p.getOutputStream().flush();
        } catch (IOException e) {
            // it is exiting; the restart reads the configuration anew
        }
    }

    /** Asks the process to drain and exit (SIGTERM). */
    void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    /** Waits until the process exits or {@code deadlineNanos} ({@link System#nanoTime()}) passes. */
    void awaitExit(long deadlineNanos) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            p.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process at once (SIGKILL). */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // the pipe is gone with the process
            }
        }
    }

    void cleanUp() {
        try {
            Files.deleteIfExists(readyFile);
        } catch (IOException e) {
            // a temporary file; nothing depends on it any more
        }
    }
}
