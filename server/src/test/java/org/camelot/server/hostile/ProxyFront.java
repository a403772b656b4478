package org.camelot.server.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A reverse proxy in front of Camelot, run as a foreground process on a free loopback port with its own
 * configuration, pid and log files under a temporary directory: HAProxy or nginx, as Debian packages them. Both keep
 * their connections to Camelot alive and reuse them across clients, the setting in which a request smuggled past the
 * proxy reaches another client's connection. Each logs one line per request it received, with the request line.
 */
final class ProxyFront implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path accessLog;
    private final Path output;
    private final Process process;

    private ProxyFront(String name, int port, Path accessLog, Path output, Process process) {
        this.name = name;
        this.port = port;
        this.accessLog = accessLog;
        this.output = output;
        this.process = process;
    }

    /** HAProxy in HTTP mode with {@code http-reuse always}, logging {@code STATUS "REQUEST"} to standard output. */
    static ProxyFront haproxy(Path dir, int backendPort) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Path log = dir.resolve("access.log");
        String cfg = """
                global
                    log stdout format raw local0 info
                    maxconn 256
                    pidfile %1$s/haproxy.pid
                defaults
                    mode http
                    log global
                    option httplog
                    log-format "%%ST %%{+Q}r"
                    option dontlognull
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                    timeout http-request 5s
                    http-reuse always
                frontend hostile
                    bind 127.0.0.1:%2$d
                    default_backend camelot
                backend camelot
                    server camelot 127.0.0.1:%3$d
                """.formatted(dir, port, backendPort);
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        Process p = new ProcessBuilder(binary("haproxy"), "-f", file.toString(), "-db")
                .redirectErrorStream(false)
                .redirectOutput(log.toFile())
                .redirectError(dir.resolve("haproxy.err").toFile())
                .start();
        return started(new ProxyFront("haproxy", port, log, dir.resolve("haproxy.err"), p));
    }

    /** nginx, one foreground process: HTTP/1.1 upstream, a keep-alive pool, logging {@code $status "$request"}. */
    static ProxyFront nginx(Path dir, int backendPort) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Path log = dir.resolve("access.log");
        String conf = """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    log_format hostile '$status "$request"';
                    access_log %1$s/access.log hostile;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream camelot {
                        server 127.0.0.1:%3$d;
                        keepalive 8;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                            proxy_pass http://camelot;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(dir, port, backendPort);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        Files.writeString(log, "");
        Process p = new ProcessBuilder(binary("nginx"), "-p", dir + "/", "-c", file.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        return started(new ProxyFront("nginx", port, log, dir.resolve("error.log"), p));
    }

    private static ProxyFront started(ProxyFront front) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!front.process.isAlive()) {
                throw new IOException(front.name + " exited with " + front.process.exitValue() + ": "
                        + front.diagnostics());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", front.port), 500);
                return front;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        front.close();
        throw new IOException(front.name + " did not listen on port " + front.port + ": " + front.diagnostics());
    }

    /** The proxy's path on this machine; the suite's script installs the Debian package when it is missing. */
    private static String binary(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed (Debian: apt-get install " + name
                + "; make test-hostile installs it)");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The request lines logged so far, one per request the proxy received (the log's lines). */
    List<String> loggedRequests() {
        try {
            return Files.readAllLines(accessLog, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's own error output, for a failure message. */
    String diagnostics() {
        try {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.ISO_8859_1) : "";
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    static long count(List<String> lines, String marker) {
        return lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains(marker)).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
