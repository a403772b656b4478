package org.camelot.client.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camelot.testing.TestPki;

/**
 * Debian's nginx on 127.0.0.1, started for a test class with a configuration written in its directory: HTTP/2 over
 * TLS ({@code listen ... ssl http2}, h2 by ALPN), HTTP/2 over cleartext with prior knowledge ({@code listen ... http2})
 * and HTTP/1.1 only, all serving {@code /motto.txt} and {@code /big.bin}. Its access log names each request's
 * connection and protocol.
 */
public final class NginxPeer implements AutoCloseable {

    /** Requests per connection, after which nginx sends GOAWAY (HTTP/2) or closes (HTTP/1.1). */
    public static final int KEEPALIVE_REQUESTS = 50;

    public final int tlsPort;
    public final int h2cPort;
    public final int http1Port;
    public final Path accessLog;
    private final Process process;
    private final Path dir;

    public NginxPeer(Path dir, TestPki pki) throws Exception {
        this.dir = dir;
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("motto.txt"), Http2TestServer.MOTTO);
        Files.write(www.resolve("big.bin"), Http2TestServer.bigBytes());
        Files.createDirectories(dir.resolve("tmp"));
        tlsPort = freePort();
        h2cPort = freePort();
        http1Port = freePort();
        accessLog = dir.resolve("access.log");
        String conf = (System.getProperty("user.name").equals("root") ? "user root root;\n" : "")
                + "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "  log_format peer '$connection $server_protocol $status $request_uri';\n"
                + "  access_log " + accessLog + " peer;\n"
                + "  client_body_temp_path " + dir.resolve("tmp") + ";\n"
                + "  proxy_temp_path " + dir.resolve("tmp") + ";\n"
                + "  fastcgi_temp_path " + dir.resolve("tmp") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("tmp") + ";\n"
                + "  scgi_temp_path " + dir.resolve("tmp") + ";\n"
                + "  keepalive_requests " + KEEPALIVE_REQUESTS + ";\n"
                + "  default_type application/octet-stream;\n"
                + "  root " + www + ";\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + tlsPort + " ssl http2;\n"
                + "    ssl_certificate " + pki.serverCert() + ";\n"
                + "    ssl_certificate_key " + pki.serverKey() + ";\n"
                + "    ssl_protocols TLSv1.2 TLSv1.3;\n"
                + "  }\n"
                + "  server { listen 127.0.0.1:" + h2cPort + " http2; }\n"
                + "  server { listen 127.0.0.1:" + http1Port + "; }\n"
                + "}\n";
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder(nginx(), "-p", dir.toString(), "-c", file.toString(), "-e",
                dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        for (int port : List.of(tlsPort, h2cPort, http1Port)) {
            awaitListening(port);
        }
    }

    private static String nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not listen on " + port + ": "
                            + Files.readString(dir.resolve("nginx.out")) + readIfThere(dir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static String readIfThere(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    /** The access log's lines: {@code CONNECTION PROTOCOL STATUS URI}; nginx writes each once the request is done. */
    public List<String> accessLines() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }

    /**
     * The access log once it has {@code n} lines, of which the last contains {@code fragment}; nginx may write a line
     * a moment after the answer's last byte went out. Waits up to 10 seconds, then returns what there is.
     */
    public List<String> awaitAccessLines(int n, String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = accessLines();
        while ((lines.size() < n || !lines.getLast().contains(fragment)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = accessLines();
        }
        return lines;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
