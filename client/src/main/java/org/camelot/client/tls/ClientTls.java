package org.camelot.client.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS of every client command and of the load generator: the server's certificate chain checked against the
 * trusted CAs ({@code --cacert}, or the JDK's), then its host name, each failure in a line of its own
 * ({@link #VERIFY_FAILED}, {@link #HOST_MISMATCH}); or nothing checked with {@code --insecure}. Optionally a client
 * certificate ({@code --cert}, {@code --key}) for a server that asks for one. TLS 1.3 and 1.2 only.
 *
 * <p>One value makes the context each kind of connection needs: a blocking socket ({@link #wrap}), a Netty channel
 * ({@link #netty}) or a QUIC connection ({@link #quic}), with the same checks.
 */
public final class ClientTls {

    /** The start of the message of a chain the trusted CAs do not vouch for. */
    public static final String VERIFY_FAILED = "certificate verify failed: ";
    /** The start of the message of a certificate that does not name the host. */
    public static final String HOST_MISMATCH = "host name mismatch: ";

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** The trusted CAs' manager, or {@code null} with {@code --insecure}. */
    private final X509ExtendedTrustManager trusted;
    private final File certificate;
    private final File key;
    private final SSLContext sockets;

    private ClientTls(X509ExtendedTrustManager trusted, File certificate, File key) throws SSLException {
        this.trusted = trusted;
        this.certificate = certificate;
        this.key = key;
        this.sockets = ((JdkSslContext) builder(trustManager(null, null)).sslProvider(SslProvider.JDK).build())
                .context();
    }

    /**
     * @param cacert   PEM CA certificates to trust, or {@code null} for the JDK's
     * @param insecure accept any certificate for any name (testing only)
     * @throws IOException a CA file that cannot be read, with a message that says why
     */
    public static ClientTls of(Path cacert, boolean insecure) throws IOException {
        return of(cacert, insecure, null, null);
    }

    /**
     * @param certificate PEM client certificate (chain) to present when the server asks, or {@code null}
     * @param key         its PKCS#8 PEM private key; given exactly when {@code certificate} is
     * @throws IOException a file that cannot be read, or a key that does not fit, with a message that says why
     */
    public static ClientTls of(Path cacert, boolean insecure, Path certificate, Path key) throws IOException {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
        X509ExtendedTrustManager trusted = insecure ? null : defaults(cacert);
        if (certificate != null) {
            readable(certificate, "--cert");
            readable(key, "--key");
        }
        try {
            return new ClientTls(trusted, certificate == null ? null : certificate.toFile(),
                    key == null ? null : key.toFile());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(certificate == null ? "cannot set up TLS: " + rootMessage(e)
                    : "--cert " + certificate + " --key " + key + ": not a PEM certificate and its PKCS#8 key ("
                    + rootMessage(e) + ")", e);
        }
    }

    /** Whether the certificate must name the host (not with {@code --insecure}). */
    public boolean verifiesHost() {
        return trusted != null;
    }

    /**
     * Wraps a connected socket in TLS for {@code host} (sent as SNI, and checked against the certificate unless
     * insecure); the handshake starts with the first read or write, or {@link SSLSocket#startHandshake}.
     *
     * @param alpn the application protocols to offer, or none
     */
    public SSLSocket wrap(Socket plain, String host, int port, String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) sockets.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setEndpointIdentificationAlgorithm(verifiesHost() ? "HTTPS" : null);
        if (alpn.length > 0) {
            p.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(p);
        return s;
    }

    /**
     * A context for Netty channels; its handlers ({@code newHandler(alloc, host, port)}) check the host name unless
     * insecure. Offering {@code h2} by ALPN restricts the cipher suites to those HTTP/2 allows.
     *
     * @param alpn the application protocols to offer, in order of preference, or none
     */
    public SslContext netty(String... alpn) throws SSLException {
        SslContextBuilder b = builder(trustManager(null, null));
        if (alpn.length > 0) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        if (Arrays.asList(alpn).contains(ApplicationProtocolNames.HTTP_2)) {
            b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        }
        return b.build();
    }

    /**
     * A context for QUIC connections to {@code host} (TLS 1.3). The QUIC engine reports a refused certificate only
     * as such: {@code refusals} hears the reason, in the words of {@link #VERIFY_FAILED} or {@link #HOST_MISMATCH}.
     *
     * @param alpn the application protocols to offer
     */
    public QuicSslContext quic(String host, Consumer<CertificateException> refusals, String... alpn) {
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient().trustManager(trustManager(host, refusals))
                .applicationProtocols(alpn).endpointIdentificationAlgorithm(verifiesHost() ? "HTTPS" : null);
        if (certificate != null) {
            b.keyManager(key, null, certificate);
        }
        return b.build();
    }

    private SslContextBuilder builder(TrustManager trust) {
        SslContextBuilder b = SslContextBuilder.forClient().protocols(PROTOCOLS).trustManager(trust)
                .endpointIdentificationAlgorithm(verifiesHost() ? "HTTPS" : null);
        if (certificate != null) {
            b.keyManager(certificate, key);
        }
        return b;
    }

    /**
     * @param host     names the host in a mismatch when the engine does not know it, or {@code null}
     * @param refusals hears every refusal, or {@code null}
     */
    private TrustManager trustManager(String host, Consumer<CertificateException> refusals) {
        return trusted == null ? new TrustAnything() : new VerifyingTrustManager(trusted, host, refusals);
    }

    private static X509ExtendedTrustManager defaults(Path cacert) throws IOException {
        try {
            KeyStore store = null;
            if (cacert != null) {
                readable(cacert, "--cacert");
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                Collection<? extends Certificate> certs;
                try (InputStream in = Files.newInputStream(cacert)) {
                    certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                } catch (CertificateException e) {
                    throw new IOException("--cacert " + cacert + ": not a PEM certificate file (" + e.getMessage()
                            + ")", e);
                }
                if (certs.isEmpty()) {
                    throw new IOException("--cacert " + cacert + ": no PEM certificate in it");
                }
                int i = 0;
                for (Certificate c : certs) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IOException("no X.509 trust manager available");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static void readable(Path file, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(option + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(option + " " + file + ": not readable");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
