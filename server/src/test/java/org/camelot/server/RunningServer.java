package org.camelot.server;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.camelot.server.config.CamelotConfig;
import org.camelot.server.config.ConfigLoader;

/**
 * A real Camelot daemon for a test: the YAML is written to {@code camelot.yaml} in a directory of the test's, loaded
 * exactly as the daemon loads its file, and its listeners bound (use port 0 and host 127.0.0.1).
 */
public final class RunningServer implements AutoCloseable {

    private final CamelotServer server;
    private final Path configFile;

    private RunningServer(CamelotServer server, Path configFile) {
        this.server = server;
        this.configFile = configFile;
    }

    /**
     * @param dir       a directory of the test's (a {@code @TempDir}); relative paths in the YAML resolve against it
     * @param yaml      the configuration file's text
     * @param overrides {@code key.path=value} overrides, as with {@code --set}
     */
    public static RunningServer start(Path dir, String yaml, String... overrides) throws Exception {
        Path file = dir.resolve("camelot.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CamelotConfig config = new ConfigLoader().load(file, List.of(overrides));
        return new RunningServer(CamelotServer.start(config), file);
    }

    public CamelotServer server() {
        return server;
    }

    public Path configFile() {
        return configFile;
    }

    /** The port a listener actually bound. */
    public int port(String listener) {
        return server.address(listener).getPort();
    }

    /** A listener's bound datagram sockets (HTTP/3's UDP side), or none. */
    public List<Channel> datagrams(String listener) {
        return server.listeners().get(listener) instanceof StreamListener l ? l.datagrams() : List.of();
    }

    /** 127.0.0.1 and the port a listener bound. */
    public InetSocketAddress loopback(String listener) {
        return new InetSocketAddress("127.0.0.1", port(listener));
    }

    /** A graceful shutdown with the given drain timeout. */
    public void shutdown(Duration drain) {
        server.shutdown(drain);
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(2));
    }
}
