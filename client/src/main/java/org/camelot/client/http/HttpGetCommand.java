package org.camelot.client.http;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.camelot.client.command.ExitCodes;
import org.camelot.client.tls.ClientTls;
import org.camelot.client.tls.TlsFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code http get URL [--http2|--http3|--http1.1] [--cacert FILE] [--insecure] [--head] [-i] [--raw]}: one request, the
 * answer on standard output. TLS checks the server's certificate chain (against the system's trusted CAs, or
 * {@code --cacert}) and its host name, and says in one line what failed. HTTP/1.1 by default; {@code --http2} speaks
 * HTTP/2 ({@code h2} by ALPN over TLS, prior knowledge over cleartext), {@code --http3} HTTP/3 over QUIC.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Sends a GET (or HEAD) request and prints the answer's body.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:an answer with a status below 400", "1:no answer (connection, TLS or protocol error)",
                "2:bad command line", "22:an answer with a status of 400 or more (its body is printed too)"})
public final class HttpGetCommand implements Callable<Integer> {

    /** Exit code for an answer with an error status, as curl's {@code --fail}. */
    public static final int HTTP_ERROR = 22;

    @Parameters(index = "0", paramLabel = "URL", description = "http://HOST[:PORT]/PATH or https://...")
    String url;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM CA certificates to trust instead of the system's.")
    Path cacert;

    @Option(names = {"-k", "--insecure"}, description = "Accept any certificate and host name (TLS still encrypts).")
    boolean insecure;

    @Option(names = {"-I", "--head"}, description = "Send HEAD and print the status line and headers.")
    boolean head;

    @Option(names = {"-i", "--include"}, description = "Print the status line and headers before the body.")
    boolean include;

    @Option(names = "--raw", description = "Print the bytes received exactly (head, framing and body).")
    boolean raw;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "An extra request header. Repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--http2",
            description = "Speak HTTP/2: h2 by ALPN over TLS (h2 offered first, then http/1.1), prior knowledge "
                    + "over cleartext. A server that does not speak it is an error.")
    boolean http2;

    @Option(names = "--http3",
            description = "Speak HTTP/3 over QUIC (UDP, on the URL's port): https:// only.")
    boolean http3;

    @Option(names = "--http1.1", description = "Speak HTTP/1.1 (the default).")
    boolean http11;

    @Option(names = "--timeout", paramLabel = "MILLIS", defaultValue = "10000",
            description = "Connect and read timeout in milliseconds (default: ${DEFAULT-VALUE}).")
    int timeoutMillis;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        Target target;
        try {
            target = Target.parse(url);
        } catch (IllegalArgumentException e) {
            err.println("http get: " + e.getMessage());
            return 2;
        }
        for (String h : headers) {
            if (!h.contains(":") || h.contains("\r") || h.contains("\n")) {
                err.println("http get: not a header line: " + h);
                return 2;
            }
        }
        if ((http2 ? 1 : 0) + (http11 ? 1 : 0) + (http3 ? 1 : 0) > 1) {
            err.println("http get: --http1.1, --http2 and --http3 exclude each other");
            return 2;
        }
        if (http3 && !target.tls()) {
            err.println("http get: --http3 needs an https:// URL (QUIC is always TLS)");
            return 2;
        }
        if (http3 && raw) {
            err.println("http get: --raw shows HTTP/1.1 bytes; HTTP/3 frames are binary (use -i)");
            return 2;
        }
        if (http2 && raw) {
            err.println("http get: --raw shows HTTP/1.1 bytes; HTTP/2 frames are binary (use -i)");
            return 2;
        }
        try {
            int status = http3 ? fetchHttp3(target) : http2 ? fetchHttp2(target) : fetchHttp1(target);
            return status >= 400 ? HTTP_ERROR : 0;
        } catch (SSLException e) {
            err.println("http get: " + target.display() + ": " + TlsFailure.describe(e));
            return ExitCodes.FAILED;
        } catch (UnknownHostException e) {
            err.println("http get: " + target.display() + ": unknown host " + target.host());
            return ExitCodes.FAILED;
        } catch (SocketTimeoutException e) {
            err.println("http get: " + target.display() + ": timed out after " + timeoutMillis + " ms");
            return ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("http get: " + target.display() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.FAILED;
        }
    }

    /** HTTP/1.1 on a blocking socket: the head is printed exactly as received. */
    private int fetchHttp1(Target target) throws IOException {
        try (Socket socket = connect(target)) {
            OutputStream out = socket.getOutputStream();
            out.write(request(target).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            OutputStream stdout = System.out;
            InputStream socketIn = socket.getInputStream();
            InputStream in = new BufferedInputStream(raw ? new TeeInputStream(socketIn, stdout) : socketIn, 65536);
            AnswerReader reader = new AnswerReader(in);
            AnswerReader.Head answer = reader.readHead();
            if (!raw && (include || head)) {
                stdout.write(answer.bytes());
            }
            try {
                reader.readBody(answer, head, raw || head ? OutputStream.nullOutputStream() : stdout);
            } finally {
                stdout.flush();
            }
            return answer.status();
        }
    }

    /** HTTP/2 with Netty's codecs, on one stream of a new connection. */
    private int fetchHttp2(Target target) throws IOException {
        SslContext tls = target.tls() ? ClientTls.of(cacert, insecure)
                .netty(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1) : null;
        PrintStream stdout = System.out;
        try {
            return new Http2Get(target, tls, timeoutMillis).fetch(http2Request(target), stdout,
                    include || head, !head);
        } finally {
            stdout.flush();
        }
    }

    /** HTTP/3 over QUIC with Netty's codecs, on one request stream of a new connection. */
    private int fetchHttp3(Target target) throws IOException {
        PrintStream stdout = System.out;
        try {
            return new Http3Get(target, ClientTls.of(cacert, insecure), timeoutMillis).fetch(http3Request(target), stdout,
                    include || head, !head);
        } finally {
            stdout.flush();
        }
    }

    private Http3Headers http3Request(Target target) {
        Http3Headers h = new DefaultHttp3Headers();
        http2Request(target).forEach(e -> h.add(e.getKey(), e.getValue()));
        return h;
    }

    private Socket connect(Target target) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            if (!target.tls()) {
                return plain;
            }
            SSLSocket tls = ClientTls.of(cacert, insecure).wrap(plain, target.host(), target.port(),
                    ApplicationProtocolNames.HTTP_1_1);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private String request(Target target) {
        StringBuilder r = new StringBuilder(256);
        r.append(head ? "HEAD " : "GET ").append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        boolean hasAgent = false;
        for (String h : headers) {
            String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            hasHost |= name.equals("host");
            hasAgent |= name.equals("user-agent");
        }
        if (!hasHost) {
            r.append("Host: ").append(target.hostHeader()).append("\r\n");
        }
        if (!hasAgent) {
            r.append("User-Agent: camelot-client\r\n");
        }
        r.append("Accept: */*\r\n");
        for (String h : headers) {
            r.append(h.trim()).append("\r\n");
        }
        return r.append("Connection: close\r\n\r\n").toString();
    }

    private Http2Headers http2Request(Target target) {
        Http2Headers h = new DefaultHttp2Headers().method(head ? "HEAD" : "GET").scheme(target.tls() ? "https" : "http")
                .authority(target.hostHeader()).path(target.pathAndQuery());
        h.set("user-agent", "camelot-client");
        h.set("accept", "*/*");
        for (String line : headers) {
            String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(line.indexOf(':') + 1).trim();
            switch (name) {
                case "host" -> h.authority(value);
                // Connection-specific fields are not allowed in HTTP/2 (RFC 9113, 8.2.2).
                case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> { }
                case "user-agent", "accept" -> h.set(name, value);
                default -> h.add(name, value);
            }
        }
        return h;
    }

    /** Where the request goes. */
    record Target(boolean tls, String host, int port, String pathAndQuery, boolean defaultPort) {

        static Target parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("not an http:// or https:// URL: " + url);
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("no host in " + url);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            boolean tls = scheme.equals("https");
            int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Target(tls, host, port, path + query, uri.getPort() < 0);
        }

        String hostHeader() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return defaultPort ? h : h + ":" + port;
        }

        String display() {
            return (tls ? "https://" : "http://") + hostHeader();
        }
    }
}
