package org.camelot.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.camelot.server.CamelotServer;
import org.camelot.server.RunningServer;
import org.camelot.testing.TestPki;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Camelot daemon for a test class, started from a YAML text on port 0 and stopped after it: the test asks it
 * for the ports its listeners bound, for clients that trust its certificates, and for its directory.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CamelotExtension server = CamelotExtension.yaml(d -> """
 *         listeners:
 *           secure:
 *             protocol: launcelot
 *             host: 127.0.0.1
 *             port: 0
 *         """ + d.tlsYaml(4));
 * }</pre>
 *
 * <p>By default one daemon serves the whole class (registered on a static field); {@link #perMethod()} starts a new
 * one, in a new directory, for each test. {@link #onDemand()} starts none by itself: each test calls
 * {@link #start(String, String...)} with its own YAML, and whatever it started is stopped after it. Each daemon has a
 * directory of its own, removed when it stops; relative paths in the YAML resolve against it, and the test
 * certificates ({@link #pki()}) are made there when first asked for.
 */
public final class CamelotExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The configuration of a daemon, written once its directory exists (to make files and certificates there). */
    @FunctionalInterface
    public interface Yaml {
        /** @param daemon this extension, for {@link #dir()}, {@link #pki()} and {@link #tlsYaml(int)} */
        String text(CamelotExtension daemon) throws Exception;
    }

    private final Yaml yaml;
    private final boolean perMethod;
    private final List<String> overrides;

    private Path dir;
    private TestPki pki;
    private RunningServer running;
    private final List<RunningServer> started = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private HttpClient http1;
    private HttpClient http2;

    private CamelotExtension(Yaml yaml, boolean perMethod, List<String> overrides) {
        this.yaml = yaml;
        this.perMethod = perMethod;
        this.overrides = overrides;
    }

    /** A daemon with this configuration. */
    public static CamelotExtension yaml(String text) {
        return yaml(daemon -> text);
    }

    /** A daemon whose configuration is made in its directory (a web root, certificates) just before it starts. */
    public static CamelotExtension yaml(Yaml yaml) {
        return new CamelotExtension(yaml, false, List.of());
    }

    /**
     * No daemon until a test calls {@link #start(String, String...)}; it is stopped after that test. For tests
     * that each need another configuration.
     */
    public static CamelotExtension onDemand() {
        return new CamelotExtension(null, true, List.of());
    }

    /** The same daemon, started anew for each test method. */
    public CamelotExtension perMethod() {
        return new CamelotExtension(yaml, true, overrides);
    }

    /** The same daemon with {@code key.path=value} overrides, as the daemon's {@code --set} takes them. */
    public CamelotExtension set(String... keyValues) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(List.of(keyValues));
        return new CamelotExtension(yaml, perMethod, List.copyOf(all));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!perMethod) {
            before();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perMethod) {
            after();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (perMethod) {
            before();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perMethod) {
            after();
        }
    }

    private void before() throws Exception {
        dir = Files.createTempDirectory("camelot-test");
        if (yaml != null) {
            String text = yaml.text(this);
            running = RunningServer.start(dir, text, overrides.toArray(String[]::new));
            started.add(running);
        }
    }

    private void after() {
        try {
            stop();
            clients.forEach(HttpClient::close);
        } finally {
            clients.clear();
            http1 = null;
            http2 = null;
            pki = null;
            deleteTree(dir);
            dir = null;
        }
    }

    /**
     * Starts a daemon with this configuration in this test's directory (with {@link #onDemand()}, or for a second
     * daemon beside the first). It is stopped with the others after the test or class; {@link #port(String)} and the
     * other look-ups then refer to it.
     */
    public RunningServer start(String text, String... keyValues) throws Exception {
        running = RunningServer.start(dir(), text, keyValues);
        started.add(running);
        return running;
    }

    /** Stops every daemon started here, the last first (they stop after the class or test anyway). */
    public void stop() {
        running = null;
        while (!started.isEmpty()) {
            started.removeLast().close();
        }
    }

    /** The directory of this daemon: its {@code camelot.yaml}, and whatever the test keeps there. */
    public Path dir() {
        if (dir == null) {
            throw new IllegalStateException("no directory outside a test: register the extension with "
                    + "@RegisterExtension, on a static field unless it is per method");
        }
        return dir;
    }

    /** Test certificates in {@code pki/} of the directory: a CA, a localhost server and a client certificate. */
    public TestPki pki() {
        if (pki == null) {
            pki = TestPki.create(dir().resolve("pki"));
        }
        return pki;
    }

    /** A listener's {@code tls:} block naming {@link #pki()}'s server certificate, indented by {@code indent}. */
    public String tlsYaml(int indent) {
        return pki().tlsYaml(indent);
    }

    /** The running daemon, for the helpers that take one. */
    public RunningServer running() {
        if (running == null) {
            throw new IllegalStateException("no daemon runs");
        }
        return running;
    }

    /** The daemon itself (its listeners, meters, reload and shutdown). */
    public CamelotServer server() {
        return running().server();
    }

    /** The daemon's configuration file. */
    public Path configFile() {
        return running().configFile();
    }

    /** The port a listener actually bound. */
    public int port(String listener) {
        return running().port(listener);
    }

    /** 127.0.0.1 and the port a listener bound. */
    public InetSocketAddress loopback(String listener) {
        return running().loopback(listener);
    }

    /** {@code http://127.0.0.1:PORT} of a cleartext listener. */
    public URI httpUri(String listener) {
        return URI.create("http://127.0.0.1:" + port(listener));
    }

    /** {@code https://localhost:PORT} of a TLS listener (the name the test certificate carries). */
    public URI httpsUri(String listener) {
        return URI.create("https://localhost:" + port(listener));
    }

    /** A graceful shutdown with this drain timeout. */
    public void shutdown(Duration drain) {
        running().shutdown(drain);
    }

    /** A JDK client that speaks HTTP/1.1 only and trusts {@link #pki()}'s CA; closed after the daemon stops. */
    public HttpClient httpClient() throws Exception {
        if (http1 == null) {
            http1 = newHttpClient(HttpClient.Version.HTTP_1_1);
        }
        return http1;
    }

    /** A JDK client that asks for HTTP/2 (by ALPN over TLS, by upgrade over cleartext) and trusts the test CA. */
    public HttpClient http2Client() throws Exception {
        if (http2 == null) {
            http2 = newHttpClient(HttpClient.Version.HTTP_2);
        }
        return http2;
    }

    private HttpClient newHttpClient(HttpClient.Version version) throws Exception {
        HttpClient c = HttpClient.newBuilder().version(version).sslContext(sslContext())
                .connectTimeout(Duration.ofSeconds(20)).build();
        clients.add(c);
        return c;
    }

    /** A client TLS context that trusts {@link #pki()}'s CA and nothing else. */
    public SSLContext sslContext() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pki().caPem())) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, f.getTrustManagers(), null);
        return c;
    }

    /** A plain TCP connection to a listener, with a read timeout of 10 s and no Nagle delay. */
    public Socket socket(String listener) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(loopback(listener), 5_000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A TLS connection to a listener, handshaken, checking that the certificate is for 127.0.0.1. */
    public SSLSocket tlsSocket(String listener) throws Exception {
        SSLSocket s = (SSLSocket) sslContext().getSocketFactory().createSocket();
        try {
            s.connect(loopback(listener), 5_000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Removes a daemon's directory; links are removed, never followed. What cannot be removed stays in the
     * system's temporary directory rather than failing a test that passed.
     */
    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e);
        }
    }
}
