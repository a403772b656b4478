package org.camelot.server;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.LoggerFactory;

/**
 * {@code --ready-file}: tells a supervising process (a script, the processes model, the benchmark sweep) that the
 * daemon is serving and on which ports. The file appears whole (written aside, then renamed).
 */
final class ReadyFile {

    private ReadyFile() {
    }

    /** Writes {@code NAME HOST:PORT} lines; returns {@code false} after logging why it could not. */
    static boolean write(Path file, CamelotServer server) {
        StringBuilder text = new StringBuilder();
        server.listeners().values().stream()
                .sorted(java.util.Comparator.comparing(l -> l.config().name()))
                .forEach(l -> {
                    InetSocketAddress a = l.localAddress();
                    String host = NetUtil.toAddressString(a.getAddress());
                    text.append(l.config().name()).append(' ')
                            .append(host.contains(":") ? "[" + host + "]" : host).append(':').append(a.getPort())
                            .append('\n');
                });
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LoggerFactory.getLogger(ReadyFile.class).error("--ready-file {}: cannot write it: {}", file, e.toString());
            return false;
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LoggerFactory.getLogger(ReadyFile.class).debug("--ready-file {}: {}", file, e.toString());
        }
    }

    /**
     * Reads standard input until it ends; each {@code reload} line runs {@code onReload} when there is one, and
     * anything else is ignored.
     */
    static void awaitEndOfInput(InputStream in, Runnable onReload) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                java.nio.charset.StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (onReload != null && line.strip().equals("reload")) {
                    onReload.run();
                }
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
    }
}
