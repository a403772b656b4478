package org.camelot.server.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.camelot.protocol.InvalidSettingException;
import org.camelot.server.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds server TLS contexts: BoringSSL through netty-tcnative, or the JDK's TLS with a warning saying why. */
public final class ServerTlsContexts {

    private static final Logger log = LoggerFactory.getLogger(ServerTlsContexts.class);
    private static final AtomicBoolean warned = new AtomicBoolean();

    /**
     * The type of the key store through which the key and chain reach TLS: it lives in memory only while the
     * context is built. Not PKCS12 (the JDK's default), which protects each key with 10,000 rounds of
     * PBKDF2-HMAC-SHA256, once to store it and once to read it back: 40-60 ms of CPU per context at start-up, before
     * the JIT has compiled SHA-256, for a store that is never written anywhere.
     */
    public static final String IN_MEMORY_KEY_STORE = "JKS";

    private ServerTlsContexts() {
    }

    /** The provider used: OpenSSL (BoringSSL) when netty-tcnative loads, else the JDK's. */
    public static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        if (warned.compareAndSet(false, true)) {
            log.warn("TLS falls back to the JDK provider: netty-tcnative (BoringSSL) is not available: {}",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        }
        return SslProvider.JDK;
    }

    /** A name for the log: {@code OpenSSL (BoringSSL)} or {@code JDK}. */
    public static String providerName() {
        return provider() == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /**
     * Builds the server context for one certificate with the block's versions and client authentication.
     *
     * @param path the key path of the block, for errors
     * @param alpn application protocols offered by ALPN, most preferred first, or none
     * @param trust the CA certificates of {@code tls.trust}, read once for the listener, or none
     */
    public static SslContext build(TlsSettings tls, List<X509Certificate> chain, PrivateKey key, String path,
                                   List<String> alpn, List<X509Certificate> trust) {
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                .keyStoreType(IN_MEMORY_KEY_STORE)
                .sslProvider(provider())
                .protocols(tls.protocols());
        switch (tls.clientAuth()) {
            case NONE -> builder.clientAuth(ClientAuth.NONE);
            case OPTIONAL -> builder.clientAuth(ClientAuth.OPTIONAL);
            case REQUIRE -> builder.clientAuth(ClientAuth.REQUIRE);
        }
        if (!alpn.isEmpty()) {
            // The server picks its own first choice among those the client offers; a client offering none of them
            // still connects (and gets HTTP/1.1), as with nginx.
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            if (alpn.contains("h2")) {
                // RFC 9113 9.2.2: TLS 1.2 with HTTP/2 only with the AEAD suites (TLS 1.3 has only those)
                builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
            }
        }
        if (tls.trust() != null) {
            List<X509Certificate> cas = trust;
            if (provider() == SslProvider.OPENSSL) {
                try {
                    builder.trustManager(ClientCertificateTrust.of(cas));
                } catch (GeneralSecurityException e) {
                    throw new InvalidSettingException(path + ".trust", tls.trust().toString(),
                            "CA certificates that can be trusted (" + e.getMessage() + ")");
                }
            } else {
                builder.trustManager(cas.toArray(X509Certificate[]::new));
            }
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidSettingException(path, chain.get(0).getSubjectX500Principal().getName(),
                    "a certificate and key that TLS accepts (" + e.getMessage() + ")");
        }
    }
}
