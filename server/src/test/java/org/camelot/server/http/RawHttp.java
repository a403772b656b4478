package org.camelot.server.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test's HTTP/1.x client over a real socket, cleartext or TLS: it sends exactly the bytes it is given and parses
 * answers one at a time, so tests can pipeline, send malformed requests and watch the connection close.
 */
final class RawHttp implements AutoCloseable {

    /** One parsed answer. */
    record Reply(String statusLine, int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = socket.getOutputStream();
    }

    /** A cleartext connection to 127.0.0.1:{@code port}. */
    static RawHttp plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setTcpNoDelay(true);
        return new RawHttp(s);
    }

    /** A TLS connection to 127.0.0.1:{@code port} that trusts {@code caPem} and checks the host name. */
    static RawHttp tls(int port, Path caPem) throws Exception {
        SSLSocket s = (SSLSocket) context(caPem).getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setTcpNoDelay(true);
        s.startHandshake();
        return new RawHttp(s);
    }

    static RawHttp open(boolean tls, int port, Path caPem) throws Exception {
        return tls ? tls(port, caPem) : plain(port);
    }

    static SSLContext context(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream pem = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(pem));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, f.getTrustManagers(), null);
        return c;
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** A GET (or other method) with a Host header and the given extra header lines. */
    RawHttp request(String method, String target, String... headerLines) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return send(b.append("\r\n").toString());
    }

    Reply get(String target, String... headerLines) throws IOException {
        return request("GET", target, headerLines).read(false);
    }

    Reply head(String target, String... headerLines) throws IOException {
        return request("HEAD", target, headerLines).read(true);
    }

    /** Reads one answer; {@code head} says it answers a HEAD request (no body). */
    Reply read(boolean head) throws IOException {
        String statusLine = line();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (head || status == 304 || status == 204) {
            return new Reply(statusLine, status, headers, new byte[0]);
        }
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            while (true) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("no CRLF after a chunk");
                }
            }
        } else if (cl != null) {
            long n = Long.parseLong(cl.get(0));
            byte[] b = in.readNBytes((int) n);
            if (b.length != n) {
                throw new EOFException("body cut short: " + b.length + " of " + n);
            }
            body.write(b);
        } else {
            body.write(in.readAllBytes());
        }
        return new Reply(statusLine, status, headers, body.toByteArray());
    }

    /** Whether the server closes the connection (end of stream) within {@code millis}, reading nothing else. */
    boolean closedWithin(int millis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** Everything until the server closes the connection. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("closed after: " + b);
            }
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
