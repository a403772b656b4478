package org.camelot.client.bench.sweep;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Camelot daemon started for a sweep: a child JVM running a generated configuration, its output in a log file,
 * ready once it has written its {@code --ready-file}; stopped with SIGTERM (and by itself if this process dies,
 * through {@code --stop-on-stdin-eof}).
 */
final class ServerProcess implements AutoCloseable {

    static final String MAIN_CLASS = "org.camelot.server.Main";

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param classPath the server's class path (see {@link #classPath})
     * @param name      names the files written in {@code dir}: NAME.yaml, NAME.log, NAME.ready
     * @param listener  the listener whose port is wanted
     */
    static ServerProcess start(String classPath, Path dir, String name, String yaml, String listener)
            throws IOException, InterruptedException {
        Path config = dir.resolve(name + ".yaml");
        Path ready = dir.resolve(name + ".ready");
        Path log = dir.resolve(name + ".log");
        Files.writeString(config, yaml);
        Files.deleteIfExists(ready);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, MAIN_CLASS, "--config", config.toString(),
                "--ready-file", ready.toString(), "--stop-on-stdin-eof"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready)) {
            if (!p.isAlive()) {
                throw new IOException("the server exited with code " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("the server was not ready after 60s; see " + log);
            }
            Thread.sleep(20);
        }
        for (String line : Files.readAllLines(ready)) {
            String[] parts = line.split(" ");
            if (parts[0].equals(listener)) {
                return new ServerProcess(p, Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1)));
            }
        }
        p.destroyForcibly();
        throw new IOException("the server did not report listener " + listener + " in " + ready);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Where the server's classes are: {@code serverJar} when given; this JVM's class path when the server is on it;
     * else camelot-server.jar beside the client jar, in the build tree, or under the current directory.
     */
    static String classPath(Path serverJar) throws IOException {
        if (serverJar != null) {
            if (!Files.isRegularFile(serverJar)) {
                throw new IOException("--server-jar " + serverJar + ": no such file");
            }
            return serverJar.toAbsolutePath().toString();
        }
        try {
            Class.forName(MAIN_CLASS, false, ServerProcess.class.getClassLoader());
            return absolute(System.getProperty("java.class.path"));
        } catch (ClassNotFoundException e) {
            // look for the jar
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path self = Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = self.getParent();
            candidates.add(dir.resolve("camelot-server.jar"));
            candidates.add(dir.resolve("../../server/target/camelot-server.jar").normalize());
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: only the current directory is left
        }
        candidates.add(Path.of("server/target/camelot-server.jar").toAbsolutePath());
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toString();
            }
        }
        throw new IOException("cannot find camelot-server.jar (looked at " + candidates + "); build it with "
                + "`make build`, or give --server-jar");
    }

    private static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** Stops the server gracefully (SIGTERM), by force if it has not exited after 15 seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
